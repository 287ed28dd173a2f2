package dev.compat32.generator.conformance;

import java.util.List;

/** A C translation unit that reports values, and the checks each reported value answers. */
public record ProbeProgram(String source, List<ProbeCheck> checks) {

  public ProbeProgram {
    checks = List.copyOf(checks);
  }
}
