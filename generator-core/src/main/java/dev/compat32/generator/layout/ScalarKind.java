package dev.compat32.generator.layout;

public enum ScalarKind {
  SIGNED,
  UNSIGNED,
  FLOAT,
  BOOL;

  public boolean isInteger() {
    return this == SIGNED || this == UNSIGNED || this == BOOL;
  }
}
