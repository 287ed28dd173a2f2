package dev.compat32.generator.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one spec file on one ABI against its compiler.
 *
 * @param failure why nothing could be compared (the probe did not compile), if so
 */
public record ConformanceResult(Path file, String abi, int checked, List<Mismatch> mismatches, Optional<String> failure) {

  /** A value the compiler and the layout engine disagree on. */
  public record Mismatch(ProbeCheck check, Long actual) {
    @Override
    public String toString() {
      return check.location() + ": " + check.what() + " is " + (actual == null ? "missing from the probe output" : actual)
          + " by the compiler, " + check.expected() + " by the specs";
    }
  }

  public ConformanceResult {
    mismatches = List.copyOf(mismatches);
  }

  public boolean passed() {
    return failure.isEmpty() && mismatches.isEmpty();
  }
}
