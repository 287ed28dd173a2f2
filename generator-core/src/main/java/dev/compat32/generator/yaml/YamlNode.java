package dev.compat32.generator.yaml;

import dev.compat32.generator.diagnostics.SourceLocation;

/** A YAML value that remembers where it was written, so every later error can point back to it. */
public sealed interface YamlNode permits YamlMap, YamlList, YamlScalar {

  SourceLocation location();

  /** What this node is, as an error message says it: "a mapping", "a list", "a scalar". */
  String describe();
}
