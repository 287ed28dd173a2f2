package dev.compat32.generator.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compat32.generator.BundledSpecs;
import dev.compat32.generator.Generator;
import dev.compat32.generator.conformance.ConformanceChecker;
import dev.compat32.generator.conformance.ConformanceResult;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer on a small header written here, whose expected classes follow from the psABIs (an
 * i386 {@code __u64} is 4-aligned in structs, {@code long} and pointers are 4 bytes there), and
 * whose imported specs must load and agree with the compilers on every ABI.
 */
class HeaderImporterTest {
  private static final String HEADER = """
      #ifndef DEMO_H
      #define DEMO_H
      #include <linux/ioctl.h>
      #include <linux/types.h>
      #include <linux/sockios.h>
      struct demo_same { __u32 a; __u32 b; };
      struct demo_plain { __u32 a; __u64 b; };
      union demo_u { __u32 word; __u8 bytes[4]; };
      struct demo_bits { __u32 lo:4, hi:28; __u16 tail; };
      struct demo_ptr { __u32 len; void *buf; };
      struct demo_mixed { __u64 x; union { __u32 i; __u16 s; }; struct demo_same inner[2]; __u8 flex[]; };
      struct demo_aligned { __u32 a; __u64 b; } __attribute__((aligned(16)));
      typedef struct { int val[2]; } demo_id_t;
      enum demo_kind { DEMO_KIND_A, DEMO_KIND_B };
      struct demo_enum { enum demo_kind kind; enum { DEMO_MODE_X } mode; __u32 after; };
      #define DEMO_SAME _IOR('d', 1, struct demo_same)
      #define DEMO_PLAIN _IOW('d', 2, struct demo_plain)
      #define DEMO_UNION _IOWR('d', 3, union demo_u)
      #define DEMO_BITS _IOR('d', 4, struct demo_bits)
      #define DEMO_LONG _IOR('d', 5, long)
      #define DEMO_PTR _IOW('d', 6, struct demo_ptr)
      #define DEMO_IOWR(nr, type) _IOWR('d', nr, type)
      #define DEMO_MIXED DEMO_IOWR(7, struct demo_mixed)
      #define DEMO_ALIGNED _IOR('d', 8, struct demo_aligned)
      #define DEMO_NONE _IO('d', 9)
      #define DEMO_U64 _IOR('d', 10, __u64)
      #define DEMO_ID _IOR('d', 11, demo_id_t)
      #define DEMO_ENUM _IOW('d', 12, struct demo_enum)
      #define DEMO_ALIAS DEMO_SAME
      #define DEMO_PRIVATE (SIOCDEVPRIVATE + 3)
      #define DEMO_NOT_AN_IOCTL 42
      #endif
      """;

  @TempDir
  static Path work;
  private static Path include;
  private static LayoutSet base;
  private static ImportResult result;

  @BeforeAll
  static void importDemo() throws Exception {
    include = Files.createDirectories(work.resolve("include/demo"));
    Files.writeString(include.resolve("demo.h"), HEADER);
    base = Generator.layOut(baseSpecFiles());
    Assumptions.assumeTrue(new ConformanceChecker(base, Files.createDirectories(work.resolve("check"))).unavailableAbis().isEmpty(),
        "needs gcc -m32, gcc -m64 and clang for aarch64");
    result = HeaderImporter.run(request("run1"));
  }

  private static List<Path> baseSpecFiles() {
    return SpecLoader.findSpecFiles(List.of(BundledSpecs.root().resolve("abi"), BundledSpecs.root().resolve("types")));
  }

  private static ImportRequest request(String name) {
    return new ImportRequest(List.of("demo/demo.h"), List.of(work.resolve("include")), base, "i386", "x86_64",
        work.resolve(name), 2);
  }

  @Test
  void classifiesEachCommandAsTheAbisLayItOut() {
    assertThat(result.classOf("DEMO_SAME")).contains("passthrough");
    assertThat(result.classOf("DEMO_UNION")).contains("passthrough");
    assertThat(result.classOf("DEMO_BITS")).contains("passthrough");
    assertThat(result.classOf("DEMO_U64")).contains("passthrough");
    assertThat(result.classOf("DEMO_ID")).contains("passthrough");
    assertThat(result.classOf("DEMO_ENUM")).contains("passthrough");
    // __u64 after a __u32: offset 4 on i386, 8 on LP64, so the size (12 vs 16) and the number differ
    assertThat(result.classOf("DEMO_PLAIN")).contains("translated");
    assertThat(result.classOf("DEMO_LONG")).contains("translated");
    assertThat(result.classOf("DEMO_MIXED")).contains("translated");
    // aligned(16) rounds both sizes to 16: one number, but b sits at 4 on i386 and at 8 on LP64
    assertThat(result.classOf("DEMO_ALIGNED")).contains("same-number-different-layout");
    assertThat(result.classOf("DEMO_PTR")).contains("pointer-bearing");
    assertThat(result.classOf("DEMO_NONE")).contains("no-typed-argument");
    assertThat(result.classOf("DEMO_PRIVATE")).contains("no-typed-argument");
    assertThat(result.classOf("DEMO_NOT_AN_IOCTL")).isEmpty();
  }

  @Test
  void numbersAreTheCompilersPerAbi() {
    ClassifiedIoctl plain = command("DEMO_PLAIN");
    // _IOW('d', 2, 12 bytes) on i386, 16 bytes on x86_64 and aarch64
    assertThat(plain.numbers()).containsEntry("i386", 0x400c6402L).containsEntry("x86_64", 0x40106402L)
        .containsEntry("aarch64", 0x40106402L);
    assertThat(command("DEMO_LONG").numbers()).containsEntry("i386", 0x80046405L).containsEntry("x86_64", 0x80086405L);
    assertThat(command("DEMO_PRIVATE").numbers()).containsEntry("i386", 0x89f3L).containsEntry("aarch64", 0x89f3L);
    assertThat(command("DEMO_MIXED").arg()).contains("demo_mixed");
    assertThat(result.collisions()).containsEntry(0x80086401L, List.of("DEMO_ALIAS", "DEMO_SAME"));
  }

  @Test
  void writesEveryMemberAndKeepsPointersUnserved() {
    String spec = result.files().get("demo/demo.yaml");
    assertThat(spec).startsWith("# yaml-language-server: $schema=../../compat32-spec.schema.json\n" + SpecYamlWriter.BANNER);
    assertThat(spec).contains("- {name: lo, type: __u32, bits: 4}", "- {name: flex, type: \"__u8[]\"}",
        "- {name: inner, type: \"demo_same[2]\"}", "    kind: union\n", "      - union:\n", "    aligned: 16\n",
        "    cType: demo_id_t\n", "- {name: buf, type: \"void *\"}",
        "- {name: mode, type: int}");
    assertThat(spec).contains("DEMO_PTR: {dir: w, type: 'd', nr: 6, arg: demo_ptr, unsupported: \"pointer members need an overlay\"}");
    assertThat(spec).contains("DEMO_PLAIN: {dir: w, type: 'd', nr: 2, arg: demo_plain}");
    assertThat(spec).containsPattern("DEMO_NONE: \\{number: 0x00006409, unsupported: \"[^\"]+\"\\}");
  }

  @Test
  void importedSpecsLoadAndAgreeWithTheCompilersOnEveryAbi() throws Exception {
    Path out = work.resolve("specs-out");
    ImportOutput.write(out, result.files());
    List<Path> files = new ArrayList<>(baseSpecFiles());
    files.addAll(SpecLoader.findSpecFiles(List.of(out)));
    LayoutSet layouts = Generator.layOut(files);
    assertThat(layouts.specs().ioctls()).hasSize(result.ioctls().size());
    ConformanceChecker checker = new ConformanceChecker(layouts, Files.createDirectories(work.resolve("conformance")),
        List.of("-I" + work.resolve("include")));
    for (String abi : layouts.abis()) {
      List<ConformanceResult> results = checker.check(abi, p -> p.startsWith(out));
      assertThat(results).isNotEmpty();
      for (ConformanceResult r : results) {
        assertThat(r.failure()).as("%s on %s", r.file(), abi).isEmpty();
        assertThat(r.mismatches()).as("%s on %s", r.file(), abi).isEmpty();
        assertThat(r.checked()).isPositive();
      }
    }
  }

  @Test
  void reRunningGivesTheSameBytes() throws Exception {
    ImportResult again = HeaderImporter.run(request("run2"));
    assertThat(again.files()).isEqualTo(result.files());
    assertThat(ImportReport.json(again)).isEqualTo(ImportReport.json(result));
    assertThat(ImportReport.markdown(again)).isEqualTo(ImportReport.markdown(result));
    Path out = work.resolve("rerun-out");
    ImportOutput.write(out, result.files());
    ImportOutput.Written second = ImportOutput.write(out, again.files());
    assertThat(second.written()).isEmpty();
    assertThat(second.unchanged()).hasSize(result.files().size());
  }

  @Test
  void neverOverwritesAFileItDidNotWrite() throws Exception {
    Path out = work.resolve("foreign-out");
    Path mine = Files.createDirectories(out.resolve("demo")).resolve("demo.yaml");
    Files.writeString(mine, "# hand-written\nstructs: {}\n");
    assertThatThrownBy(() -> ImportOutput.write(out, result.files())).hasMessageContaining("did not write");
    assertThat(Files.readString(mine)).isEqualTo("# hand-written\nstructs: {}\n");
  }

  private static ClassifiedIoctl command(String name) {
    return result.ioctls().stream().filter(i -> i.macro().name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void reportCountsEveryCommandOnce() {
    Map<String, Integer> counts = result.countsByClass();
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(result.ioctls().size());
    assertThat(ImportReport.markdown(result)).contains("| demo/demo.h |");
    assertThat(ImportReport.json(result)).contains("\"DEMO_ALIGNED\"", "\"same-number-different-layout\"");
  }
}
