package dev.compat32.generator.yaml;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import dev.compat32.generator.diagnostics.Suggestion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the keys of one mapping, reporting wrong shapes and, at {@link #finish}, keys that nobody
 * asked for together with the keys that were expected.
 */
public final class MapReader {
  private final YamlMap map;
  private final String what;
  private final Diagnostics diagnostics;
  private final Set<String> known = new LinkedHashSet<>();

  public MapReader(YamlMap map, String what, Diagnostics diagnostics) {
    this.map = map;
    this.what = what;
    this.diagnostics = diagnostics;
  }

  /** Reads {@code node} as a mapping, or reports that one was expected. */
  public static Optional<MapReader> of(YamlNode node, String what, Diagnostics diagnostics) {
    if (node instanceof YamlMap map) {
      return Optional.of(new MapReader(map, what, diagnostics));
    }
    diagnostics.error(node.location(), "expected a mapping for " + what + ", found " + node.describe());
    return Optional.empty();
  }

  public YamlMap map() {
    return map;
  }

  public SourceLocation location() {
    return map.location();
  }

  public Optional<YamlNode> node(String key) {
    known.add(key);
    return map.get(key);
  }

  public Optional<YamlNode> required(String key) {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      diagnostics.error(map.location(), what + " needs '" + key + "'");
    }
    return node;
  }

  public Optional<YamlScalar> scalar(String key) {
    return node(key).flatMap(n -> Scalars.asScalar(n, key, diagnostics));
  }

  public Optional<String> string(String key) {
    return scalar(key).map(YamlScalar::text);
  }

  public Optional<Long> integer(String key, long min, long max) {
    return scalar(key).flatMap(s -> Scalars.integer(s, key, min, max, diagnostics));
  }

  public Optional<Boolean> bool(String key) {
    return scalar(key).flatMap(s -> Scalars.bool(s, key, diagnostics));
  }

  /** A list of scalars; a single scalar counts as a list of one. */
  public List<YamlScalar> scalarList(String key) {
    List<YamlScalar> out = new ArrayList<>();
    node(key).ifPresent(n -> {
      if (n instanceof YamlList list) {
        list.items().forEach(item -> Scalars.asScalar(item, key, diagnostics).ifPresent(out::add));
      } else {
        Scalars.asScalar(n, key, diagnostics).ifPresent(out::add);
      }
    });
    return out;
  }

  /** Reports every key that no reader asked for. */
  public void finish() {
    for (YamlMap.Entry entry : map.all()) {
      if (!known.contains(entry.key())) {
        diagnostics.error(entry.keyLocation(), "unknown key '" + entry.key() + "' in " + what
            + Suggestion.didYouMean(entry.key(), known) + "; expected one of: " + String.join(", ", known));
      }
    }
  }
}
