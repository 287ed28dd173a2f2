package dev.compat32.generator.yaml;

import dev.compat32.generator.diagnostics.SourceLocation;

/** A scalar as written (numbers are parsed later, so 0x5401 and 'T' keep their spelling). */
public record YamlScalar(String text, boolean isNull, SourceLocation location) implements YamlNode {

  @Override
  public String describe() {
    return isNull ? "nothing" : "'" + text + "'";
  }
}
