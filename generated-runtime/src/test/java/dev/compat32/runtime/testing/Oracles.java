package dev.compat32.runtime.testing;

import dev.compat32.runtime.differential.I386Oracle;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The i386 oracle for a test: a missing compiler fails (the setup installs it), a kernel that runs
 * no i386 program skips the test with the reason, as nothing can be installed to change it.
 */
public final class Oracles {
  private Oracles() {}

  public static I386Oracle require(Path dir) throws IOException, InterruptedException {
    I386Oracle.Built built = I386Oracle.build(dir);
    Assumptions.assumeFalse(built.kernelRefuses(), built.log());
    return built.oracle().orElseGet(() -> Assertions.fail(built.log()));
  }
}
