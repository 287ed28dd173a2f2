package dev.compat32.generator.diagnostics;

import java.nio.file.Path;

/** A position in a spec file; lines and columns count from 1. */
public record SourceLocation(Path file, int line, int column) {

  public static SourceLocation ofFile(Path file) {
    return new SourceLocation(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
