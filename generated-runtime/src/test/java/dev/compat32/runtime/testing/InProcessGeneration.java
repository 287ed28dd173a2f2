package dev.compat32.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.conformance.ConformanceChecker;
import dev.compat32.generator.conformance.ConformanceResult;
import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.DependencySpecs;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A spec of a test, with its C header, generated with the generator library against the bundled
 * specs this runtime ships, compiled with {@code javax.tools} ({@code -Xlint:all -Werror}) and loaded.
 */
public record InProcessGeneration(Path work, String spec, LayoutSet layouts, CodegenPlan plan, List<Path> generated, ClassLoader loader) {

  /** Writes {@code header} and {@code yaml} into {@code work} under {@code name}, generates into {@code pkg}, compiles, loads. */
  public static InProcessGeneration of(Path work, String name, String header, String yaml, String pkg) throws Exception {
    Files.writeString(work.resolve(name + ".h"), header);
    Path spec = Files.writeString(work.resolve(name + ".yaml"), yaml);
    List<Path> classpath = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).map(Path::of).toList();
    DependencySpecs.Found bundled = DependencySpecs.collect(classpath, work.resolve("dependency-specs"));
    GeneratorRequest request = GeneratorRequest.builder().addSpecFiles(List.of(spec)).addDependencySpecFiles(bundled.files())
        .addDependencyPackages(bundled.packages()).sourceDirectory(work.resolve("sources")).packageName(pkg).build();
    Generator.Result result = Generator.run(request);
    LayoutSet layouts = result.layouts().orElseThrow();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(work.resolve("classes"));
    StringWriter messages = new StringWriter();
    try (var files = javac.getStandardFileManager(null, null, null)) {
      boolean ok = javac.getTask(messages, files, null,
          List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-Xlint:all", "-Werror"),
          null, files.getJavaFileObjectsFromPaths(result.written())).call();
      assertThat(ok).as("javac of the generated code:\n%s", messages).isTrue();
    }
    ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, InProcessGeneration.class.getClassLoader());
    return new InProcessGeneration(work, name + ".yaml", layouts, Generator.plan(request, layouts), result.written(), loader);
  }

  /**
   * Checks the spec against the compilers on the test's header, for {@code abis}; returns how many
   * values were compared on each (skips where a compiler is missing).
   */
  public List<Integer> checkAgainstTheCompilers(List<String> abis) throws Exception {
    ConformanceChecker checker = new ConformanceChecker(layouts, Files.createDirectories(work.resolve("conformance")), List.of("-I" + work));
    List<Integer> checked = new java.util.ArrayList<>();
    for (String abi : abis) {
      org.assertj.core.api.Assumptions.assumeThat(checker.unavailableAbis()).as("compiler for " + abi).doesNotContainKey(abi);
      List<ConformanceResult> results = checker.check(abi, file -> file.getFileName().toString().equals(spec));
      assertThat(results).hasSize(1);
      assertThat(results.get(0).failure()).isEmpty();
      assertThat(results.get(0).mismatches()).as(abi).isEmpty();
      checked.add(results.get(0).checked());
    }
    return checked;
  }
}
