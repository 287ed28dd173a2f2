package dev.compat32.generator.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem of a run so that all are reported at once, not just the first. The same
 * problem found on several ABIs is kept once. Emitters run in parallel, so it is synchronized.
 */
public final class Diagnostics {
  private final Set<Diagnostic> problems = new LinkedHashSet<>();

  public synchronized void error(SourceLocation location, String message) {
    problems.add(new Diagnostic(location, message));
  }

  public synchronized boolean hasErrors() {
    return !problems.isEmpty();
  }

  public synchronized List<Diagnostic> sorted() {
    List<Diagnostic> list = new ArrayList<>(problems);
    list.sort(Diagnostic.BY_LOCATION);
    return list;
  }

  /** Throws the collected problems, if any. */
  public void throwIfErrors() throws SpecException {
    if (hasErrors()) {
      throw new SpecException(sorted());
    }
  }
}
