package dev.compat32.generator.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.SpecFixture;
import dev.compat32.generator.conformance.ConformanceChecker;
import dev.compat32.generator.conformance.ConformanceResult;
import java.nio.file.Files;
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
 * The layout rules the bundled specs do not exercise (packed, aligned(N) on structs and members,
 * bitfields straddling units, 8-byte members of odd kinds, nested anonymous aggregates) against the
 * compilers, on a header written for this test.
 */
class LayoutRulesConformanceTest {
  private static final String HEADER = """
      #include <linux/types.h>
      struct lr_packed { char a; int b; short c; long long d; } __attribute__((packed));
      struct lr_aligned { char a; short b; } __attribute__((aligned(16)));
      struct lr_member_aligned { int a; __u64 b __attribute__((aligned(8))); char c; };
      struct lr_bits { unsigned int a:3, b:7; unsigned char c:2; unsigned int d:30; short e:5; int g; unsigned char h:1; };
      struct lr_wide_bits { int a; unsigned long long f:40; unsigned long long g:30; char z; };
      struct lr_nested { int kind; union { long l; struct { short s1; short s2; }; double d; }; char tail[3]; };
      struct lr_flex { short n; long long items[]; };
      struct lr_mixed { char c; long long ll; double d; long l; void *p; _Bool b; float f; };
      union lr_union { char c[5]; int i; long long ll; };
      struct lr_outer { char c; struct lr_packed p; union lr_union u; struct lr_aligned a; };
      """;

  private static final String SPEC = """
      headers: [lr.h]
      structs:
        lr_packed:
          packed: true
          fields:
            - {name: a, type: char}
            - {name: b, type: int}
            - {name: c, type: short}
            - {name: d, type: long long}
        lr_aligned:
          aligned: 16
          fields:
            - {name: a, type: char}
            - {name: b, type: short}
        lr_member_aligned:
          fields:
            - {name: a, type: int}
            - {name: b, type: __u64, align: 8}
            - {name: c, type: char}
        lr_bits:
          fields:
            - {name: a, type: unsigned int, bits: 3}
            - {name: b, type: unsigned int, bits: 7}
            - {name: c, type: unsigned char, bits: 2}
            - {name: d, type: unsigned int, bits: 30}
            - {name: e, type: short, bits: 5}
            - {name: g, type: int}
            - {name: h, type: unsigned char, bits: 1}
        lr_wide_bits:
          fields:
            - {name: a, type: int}
            - {name: f, type: unsigned long long, bits: 40}
            - {name: g, type: unsigned long long, bits: 30}
            - {name: z, type: char}
        lr_nested:
          fields:
            - {name: kind, type: int}
            - union:
                - {name: l, type: long}
                - struct:
                    - {name: s1, type: short}
                    - {name: s2, type: short}
                - {name: d, type: double}
            - {name: tail, type: "char[3]"}
        lr_flex:
          fields:
            - {name: n, type: short}
            - {name: items, type: "long long[]", count: n}
        lr_mixed:
          fields:
            - {name: c, type: char}
            - {name: ll, type: long long}
            - {name: d, type: double}
            - {name: l, type: long}
            - {name: p, type: "void *"}
            - {name: b, type: _Bool}
            - {name: f, type: float}
        lr_union:
          kind: union
          fields:
            - {name: c, type: "char[5]"}
            - {name: i, type: int}
            - {name: ll, type: long long}
        lr_outer:
          fields:
            - {name: c, type: char}
            - {name: p, type: lr_packed}
            - {name: u, type: lr_union}
            - {name: a, type: lr_aligned}
      """;

  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> layoutRulesMatchTheCompilers() throws Exception {
    Path include = Files.createDirectories(dir.resolve("include"));
    Files.writeString(include.resolve("lr.h"), HEADER);
    String flag = "-I" + include;
    SpecFixture fixture = new SpecFixture(dir.resolve("specs"))
        .file("lr-i386.yaml", "abi: {name: lr-i386, extends: i386, probe: {compiler: [gcc, -m32, " + flag + "], run: true, emulator: [qemu-i386]}}\n")
        .file("lr-x86_64.yaml", "abi: {name: lr-x86_64, extends: x86_64, probe: {compiler: [gcc, -m64, " + flag + "], run: true}}\n")
        .file("lr-aarch64.yaml", "abi: {name: lr-aarch64, extends: aarch64, probe: {compiler: [clang, --target=aarch64-linux-gnu, "
            + "-I/usr/aarch64-linux-gnu/include, " + flag + "], run: false}}\n")
        .file("lr.yaml", SPEC);
    LayoutSet layouts = fixture.layOut();
    ConformanceChecker checker = new ConformanceChecker(layouts, Files.createDirectories(dir.resolve("work")));
    Map<String, String> unavailable = checker.unavailableAbis();
    List<DynamicTest> tests = new ArrayList<>();
    for (String abi : List.of("lr-i386", "lr-x86_64", "lr-aarch64")) {
      tests.add(DynamicTest.dynamicTest(abi, () -> {
        if (unavailable.containsKey(abi)) {
          if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(unavailable.get(abi));
          }
          Assumptions.abort(unavailable.get(abi));
        }
        List<ConformanceResult> results = checker.check(abi, p -> p.getFileName().toString().equals("lr.yaml"));
        assertThat(results).hasSize(1);
        ConformanceResult result = results.get(0);
        assertThat(result.failure()).isEmpty();
        assertThat(result.checked()).isGreaterThan(60);
        assertThat(result.mismatches()).as(result.mismatches().stream().map(Object::toString).collect(Collectors.joining("\n"))).isEmpty();
      }));
    }
    return tests.stream();
  }
}
