package dev.compat32.generator.diagnostics;

import java.util.Comparator;

/** One problem found in a spec, pinned to where it is. */
public record Diagnostic(SourceLocation location, String message) {

  public static final Comparator<Diagnostic> BY_LOCATION =
      Comparator.comparing((Diagnostic d) -> d.location().file().toString())
          .thenComparingInt(d -> d.location().line())
          .thenComparingInt(d -> d.location().column())
          .thenComparing(Diagnostic::message);

  @Override
  public String toString() {
    return location + ": error: " + message;
  }
}
