package dev.compat32.generator.diagnostics;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when specs have problems; carries every one of them, sorted by location. */
public final class SpecException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  public SpecException(List<Diagnostic> diagnostics) {
    super(diagnostics.size() + " problem(s) in specs:\n"
        + diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
