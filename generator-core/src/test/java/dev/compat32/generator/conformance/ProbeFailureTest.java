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

  @Test
  void aHeaderThatDoesNotExistIsLocatedAtItsEntry() throws Exception {
    SpecFixture f = new SpecFixture(dir).file("m.yaml", """
        headers: [linux/types.h, linux/compat32_no_such_header.h]
        structs:
          it_thing:
            fields: [{name: id, type: __u32}]
        """);
    Diagnostic problem = onlyProblem(f, "m.yaml");
    assertThat(problem.location().file()).isEqualTo(f.path("m.yaml"));
    assertThat(problem.location().line()).isEqualTo(1);
    assertThat(problem.location().column()).isEqualTo(26);
    assertThat(problem.message()).contains("header 'linux/compat32_no_such_header.h' not found");
  }

  @Test
  void aStructTheHeadersDoNotDeclareIsLocatedAtTheStruct() throws Exception {
    SpecFixture f = new SpecFixture(dir).file("s.yaml", """
        headers: [linux/types.h]
        structs:
          compat32_not_in_any_header:
            fields: [{name: id, type: __u32}]
        """);
    Diagnostic problem = onlyProblem(f, "s.yaml");
    assertThat(problem.location().line()).isEqualTo(3);
    assertThat(problem.location().column()).isEqualTo(3);
    assertThat(problem.message()).contains("'struct compat32_not_in_any_header' is not declared by [linux/types.h]");
  }

  @Test
  void anIoctlTheHeadersDoNotDefineIsLocatedAtTheIoctl() throws Exception {
    SpecFixture f = new SpecFixture(dir).file("i.yaml", """
        headers: [linux/types.h]
        ioctls:
          COMPAT32_NOT_IN_ANY_HEADER: {dir: r, type: 'M', nr: 1, arg: int}
        """);
    Diagnostic problem = onlyProblem(f, "i.yaml");
    assertThat(problem.location().line()).isEqualTo(3);
    assertThat(problem.message()).contains("ioctl 'COMPAT32_NOT_IN_ANY_HEADER' is not defined by [linux/types.h]");
  }
}
