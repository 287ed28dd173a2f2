package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A spec value that may differ by ABI: one default plus overrides keyed by ABI name. An ABI
 * without its own override takes its parent's ({@code i386-time64} falls back to {@code i386}),
 * then the default.
 *
 * @param <T> the value type
 */
public record PerAbi<T>(Optional<T> defaultValue, Map<String, Override<T>> overrides) {

  /** One ABI's own value and where it was written. */
  public record Override<T>(T value, SourceLocation location) {}

  public PerAbi {
    overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
  }

  public static <T> PerAbi<T> of(T value) {
    return new PerAbi<>(Optional.of(value), Map.of());
  }

  public static <T> PerAbi<T> absent() {
    return new PerAbi<>(Optional.empty(), Map.of());
  }

  public boolean isPresent() {
    return defaultValue.isPresent() || !overrides.isEmpty();
  }

  /** The value for {@code abi}, walking up {@code parentOf} before taking the default. */
  public Optional<T> resolve(String abi, Function<String, Optional<String>> parentOf) {
    for (Optional<String> at = Optional.of(abi); at.isPresent(); at = parentOf.apply(at.get())) {
      Override<T> own = overrides.get(at.get());
      if (own != null) {
        return Optional.of(own.value());
      }
    }
    return defaultValue;
  }
}
