package dev.compat32.generator.importer;

/** What an imported ioctl needs, decided from the compilers' numbers and layouts on every ABI. */
public enum IoctlClass {
  /** The same number and an identical layout on every ABI, and no pointer: the guest's bytes are the host's. */
  PASSTHROUGH("passthrough"),
  /** The number or the layout differs, no pointer: a generated codec converts it. */
  TRANSLATED("translated"),
  /** The same number on every ABI but a different layout: a number-keyed passthrough gets it wrong. */
  SAME_NUMBER_DIFFERENT_LAYOUT("same-number-different-layout"),
  /** The argument reaches a pointer: its counts and directions need a hand-written overlay. */
  POINTER("pointer-bearing"),
  /** {@code _IO}, a literal size, or a fixed number: the header names no argument type. */
  NO_ARGUMENT("no-typed-argument"),
  /** The argument type could not be imported (the reason is reported). */
  NOT_IMPORTED("not-imported");

  private final String label;

  IoctlClass(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether the imported spec serves it (the others are written {@code unsupported}). */
  public boolean served() {
    return this == PASSTHROUGH || this == TRANSLATED || this == SAME_NUMBER_DIFFERENT_LAYOUT;
  }
}
