package dev.compat32.generator.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds: a run on unchanged specs with untouched outputs does nothing (not even lay out), and
 * every kind of change brings a real run back: a spec edited, an output edited or deleted. A file
 * the generator did not write is neither a reason to run nor ever deleted.
 */
class IncrementalRunTest {
  @TempDir
  Path work;

  private GeneratorRequest request;
  private Path specs;
  private Path sources;

  @BeforeEach
  void firstRun() throws Exception {
    specs = work.resolve("specs");
    Path bundled = Path.of(System.getProperty("compat32.bundledSpecs", "../specs"));
    for (String file : List.of("abi/i386.yaml", "abi/i386-time64.yaml", "abi/x86_64.yaml", "abi/aarch64.yaml",
        "types/kernel.yaml", "types/time.yaml", "ioctl/fs.yaml")) {
      Files.createDirectories(specs.resolve(file).getParent());
      Files.copy(bundled.resolve(file), specs.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    sources = work.resolve("out");
    request = GeneratorRequest.builder().addSpecFiles(SpecLoader.findSpecFiles(List.of(specs))).specRoot(specs)
        .sourceDirectory(sources).packageName("gen").build();
    Generator.Result first = Generator.run(request);
    assertThat(first.layouts()).isPresent();
    assertThat(first.written()).isNotEmpty();
  }

  @Test
  void unchangedInputsSkipEverything() throws Exception {
    Generator.Result again = Generator.run(request);
    assertThat(again.layouts()).as("nothing laid out").isEmpty();
    assertThat(again.changedAnything()).isFalse();
    assertThat(again.unchanged()).hasSize(javaFiles().size());
  }

  @Test
  void anEditedSpecRegenerates() throws Exception {
    Path fs = specs.resolve("ioctl/fs.yaml");
    Files.writeString(fs, Files.readString(fs).replace("fsx_pad", "fsx_padding"));
    Generator.Result again = Generator.run(request);
    assertThat(again.layouts()).isPresent();
    assertThat(again.written()).extracting(p -> p.getFileName().toString()).contains("Fsxattr.java");
  }

  @Test
  void anEditedOrDeletedOutputIsWrittenAgain() throws Exception {
    Path fiemap = sources.resolve("gen/Fiemap.java");
    String original = Files.readString(fiemap);
    Files.writeString(fiemap, original + "// edited\n");
    Files.setLastModifiedTime(fiemap, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(Generator.run(request).written()).containsExactly(fiemap);
    assertThat(Files.readString(fiemap)).isEqualTo(original);

    Files.delete(fiemap);
    assertThat(Generator.run(request).written()).containsExactly(fiemap);
  }

  @Test
  void aHandWrittenFileInTheOutputSurvivesAndDoesNotForceARun() throws Exception {
    Path handWritten = Files.writeString(sources.resolve("gen/MydevShim.java"), "package gen; class MydevShim {}");
    assertThat(Generator.run(request).layouts()).as("not the generator's file: no reason to run").isEmpty();
    Path fs = specs.resolve("ioctl/fs.yaml");
    Files.writeString(fs, Files.readString(fs).replace("fsx_pad", "fsx_padding"));
    Generator.Result again = Generator.run(request);
    assertThat(again.layouts()).isPresent();
    assertThat(again.deleted()).isEmpty();
    assertThat(handWritten).hasContent("package gen; class MydevShim {}");
  }

  @Test
  void outputsOfASpecNoLongerReadAreDeletedWithTheFoldersTheyNeeded() throws Exception {
    Path fsxattr = sources.resolve("gen/Fsxattr.java");
    assertThat(fsxattr).exists();
    List<Path> withoutFs = request.specFiles().stream().filter(p -> !p.endsWith("fs.yaml")).toList();
    GeneratorRequest moved = GeneratorRequest.builder().addSpecFiles(withoutFs).specRoot(specs).sourceDirectory(sources)
        .packageName("other.gen").build();
    Generator.Result again = Generator.run(moved);
    assertThat(again.deleted()).contains(fsxattr);
    assertThat(sources.resolve("gen")).as("the old package's folder, which the generator made").doesNotExist();
    assertThat(sources.resolve("other/gen")).isDirectory();
  }

  @Test
  void theSchemaShipsBesideTheSpecsAsTheRepositoryHasIt() throws Exception {
    Path resources = work.resolve("resources");
    GeneratorRequest shipping = GeneratorRequest.builder().addSpecFiles(request.specFiles()).specRoot(specs)
        .resourceDirectory(resources).packageName("gen").build();
    Generator.run(shipping);
    Path shipped = resources.resolve("META-INF/compat32/specs/compat32-spec.schema.json");
    Path bundled = Path.of(System.getProperty("compat32.bundledSpecs", "../specs")).resolve("compat32-spec.schema.json");
    assertThat(shipped).hasSameTextualContentAs(bundled);
    // where the shipped specs' first line points
    assertThat(Files.readString(resources.resolve("META-INF/compat32/specs/abi/i386.yaml")).lines().findFirst().orElseThrow())
        .isEqualTo("# yaml-language-server: $schema=../compat32-spec.schema.json");
    assertThat(resources.resolve("META-INF/compat32/specs/abi/../compat32-spec.schema.json")).exists();
  }

  private List<Path> javaFiles() throws Exception {
    try (Stream<Path> walk = Files.walk(sources)) {
      return walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }
}
