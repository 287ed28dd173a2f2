package dev.compat32.generator.yaml;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A mapping in written order; each entry keeps the location of its key. */
public record YamlMap(Map<String, Entry> entries, SourceLocation location) implements YamlNode {

  /** One {@code key: value} pair. */
  public record Entry(String key, SourceLocation keyLocation, YamlNode value) {}

  public YamlMap {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public Optional<YamlNode> get(String key) {
    Entry entry = entries.get(key);
    return entry == null ? Optional.empty() : Optional.of(entry.value());
  }

  public Collection<Entry> all() {
    return entries.values();
  }

  @Override
  public String describe() {
    return "a mapping";
  }
}
