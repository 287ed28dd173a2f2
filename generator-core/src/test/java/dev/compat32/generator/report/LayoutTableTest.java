package dev.compat32.generator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.SpecFixture;
import dev.compat32.generator.spec.SpecLoader;
import dev.compat32.generator.BundledSpecs;
import dev.compat32.generator.output.OutputFile;
import dev.compat32.generator.emit.CodeEmitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated Javadoc's layout table marks differing rows without rewriting the C types. */
class LayoutTableTest {
  @TempDir
  Path dir;

  @Test
  void theJavadocTableKeepsEveryStarOfAType() throws Exception {
    List<Path> own = new SpecFixture(dir).file("p.yaml", """
        headers: [p.h]
        structs:
          holder:
            fields:
              - {name: data, type: void *}
              - {name: bytes, type: __u8 *, count: {field: n}}
              - {name: n, type: __u32}
        """).write();
    List<Path> all = new ArrayList<>(SpecLoader.findSpecFiles(List.of(BundledSpecs.root().resolve("abi"), BundledSpecs.root().resolve("types"))));
    GeneratorRequest request = GeneratorRequest.builder().addDependencySpecFiles(all).addSpecFiles(own).packageName("gen").build();
    String holder = CodeEmitter.emit(Generator.plan(request, Generator.layOut(request))).stream()
        .filter(f -> f.relativePath().endsWith("Holder.java")).map(OutputFile::content).findFirst().orElseThrow();
    String table = holder.substring(holder.indexOf("<pre>"), holder.indexOf("</pre>"));
    // 4-byte pointers on i386, 8 on x86_64: both pointer rows differ and are marked, types intact
    assertThat(table).containsPattern("(?m)^ \\* ! +data +0 +4 +void \\* +0 +8 +void \\*");
    assertThat(table).containsPattern("(?m)^ \\* ! +bytes +4 +4 +__u8 \\* +8 +8 +__u8 \\*");
    assertThat(table).doesNotContain("void !").doesNotContain("__u8 !");
  }
}
