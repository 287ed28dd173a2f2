package dev.compat32.generator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.SpecFixture;
import dev.compat32.generator.diagnostics.Diagnostic;
import dev.compat32.generator.layout.LayoutSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A probe the compiler rejects is a spec problem at the header or struct at fault, and compares nothing. */
class ProbeFailureTest {
  private static final String ABI = "x86_64";

  @TempDir
  Path dir;

  private Diagnostic onlyProblem(SpecFixture fixture, String file) throws Exception {
    LayoutSet layouts = fixture.layOut();
    ConformanceChecker checker = new ConformanceChecker(layouts, java.nio.file.Files.createDirectories(dir.resolve("probes")));
    Assumptions.assumeFalse(checker.unavailableAbis().containsKey(ABI), () -> "no compiler: " + checker.unavailableAbis().get(ABI));
    List<ConformanceResult> results = checker.check(ABI, p -> p.equals(fixture.path(file)));
    assertThat(results).hasSize(1);
    ConformanceResult result = results.get(0);
    assertThat(result.failure()).as("the compiler's verdict").isPresent();
    assertThat(result.checked()).as("nothing was compared").isZero();
    return checker.diagnose(result);
  }

  /** Probes {@code yaml} on one ABI and checks its only problem's place and words. */
  private void assertLocated(String yaml, int line, int column, String message) throws Exception {
    SpecFixture f = new SpecFixture(dir).file("p.yaml", yaml);
    Diagnostic problem = onlyProblem(f, "p.yaml");
    assertThat(problem.location().file()).isEqualTo(f.path("p.yaml"));
    assertThat(problem.location().line()).isEqualTo(line);
    assertThat(problem.location().column()).isEqualTo(column);
    assertThat(problem.message()).contains(message);
  }

  @Test
  void aHeaderThatDoesNotExistIsLocatedAtItsEntry() throws Exception {
    assertLocated("""
        headers: [linux/types.h, linux/compat32_no_such_header.h]
        structs:
          it_thing:
            fields: [{name: id, type: __u32}]
        """, 1, 26, "header 'linux/compat32_no_such_header.h' not found");
  }

  @Test
  void aStructTheHeadersDoNotDeclareIsLocatedAtTheStruct() throws Exception {
    assertLocated("""
        headers: [linux/types.h]
        structs:
          compat32_not_in_any_header:
            fields: [{name: id, type: __u32}]
        """, 3, 3, "'struct compat32_not_in_any_header' is not declared by [linux/types.h]");
  }

  @Test
  void anIoctlTheHeadersDoNotDefineIsLocatedAtTheIoctl() throws Exception {
    assertLocated("""
        headers: [linux/types.h]
        ioctls:
          COMPAT32_NOT_IN_ANY_HEADER: {dir: r, type: 'M', nr: 1, arg: int}
        """, 3, 3, "ioctl 'COMPAT32_NOT_IN_ANY_HEADER' is not defined by [linux/types.h]");
  }
}
