package dev.compat32.generator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.BundledSpecs;
import dev.compat32.generator.layout.LayoutSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bundled struct layout and ioctl number, on every ABI, against the real compilers on the
 * system's UAPI headers: gcc -m32 (and with 64-bit time), gcc -m64, clang for aarch64.
 */
class BundledSpecConformanceTest {
  private static final boolean CI = "true".equals(System.getenv("CI"));

  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicTest> everyBundledEntryMatchesTheCompilers() throws Exception {
    LayoutSet layouts = BundledSpecs.layouts();
    ConformanceChecker checker = new ConformanceChecker(layouts, work);
    Map<String, String> unavailable = checker.unavailableAbis();
    List<DynamicTest> tests = new ArrayList<>();
    for (String abi : layouts.abis()) {
      if (unavailable.containsKey(abi)) {
        String message = "cannot check " + abi + ": " + unavailable.get(abi)
            + "\nTo enable: apt-get install gcc-multilib clang libc6-dev-arm64-cross linux-libc-dev-arm64-cross";
        tests.add(DynamicTest.dynamicTest(abi + " (compiler missing)", () -> {
          if (CI) {
            Assertions.fail("CI=true and " + message);
          }
          Assumptions.abort(message);
        }));
        continue;
      }
      for (ConformanceResult result : checker.check(abi)) {
        String name = abi + " " + BundledSpecs.root().relativize(result.file().toAbsolutePath()) + " (" + result.checked() + " values)";
        tests.add(DynamicTest.dynamicTest(name, () -> {
          assertThat(result.failure()).as("probe for %s on %s", result.file(), abi).isEmpty();
          assertThat(result.checked()).as("values compared").isPositive();
          assertThat(result.mismatches()).as("%s on %s:%n%s", result.file(), abi,
              result.mismatches().stream().map(Object::toString).collect(Collectors.joining("\n"))).isEmpty();
        }));
      }
    }
    return tests.stream();
  }
}
