package dev.compat32.generator.importer;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The specs {@code compat32:import} wrote (the folder {@code imported} of the bundled specs, or
 * {@code -Dcompat32.importedSpecs}) load with the base specs alone and agree with the compilers on
 * every ABI, file by file.
 */
class ImportedSpecConformanceTest {
  @TempDir
  Path work;

  @TestFactory
  Stream<DynamicTest> everyImportedEntryMatchesTheCompilers() throws Exception {
    Path imported = Path.of(System.getProperty("compat32.importedSpecs", BundledSpecs.root().resolve("imported").toString()));
    Assumptions.assumeTrue(Files.isDirectory(imported), "no imported specs at " + imported);
    List<Path> files = new ArrayList<>(SpecLoader.findSpecFiles(List.of(BundledSpecs.root().resolve("abi"),
        BundledSpecs.root().resolve("types"))));
    files.addAll(SpecLoader.findSpecFiles(List.of(imported)));
    LayoutSet layouts = Generator.layOut(files);
    List<String> flags = Stream.of(System.getProperty("compat32.importIncludes", "").split(","))
        .filter(s -> !s.isBlank()).map(s -> "-I" + s).toList();
    ConformanceChecker checker = new ConformanceChecker(layouts, work, flags);
    Assumptions.assumeTrue(checker.unavailableAbis().isEmpty(), "compilers missing: " + checker.unavailableAbis());
    List<DynamicTest> tests = new ArrayList<>();
    for (String abi : layouts.abis()) {
      for (ConformanceResult result : checker.check(abi, p -> p.toAbsolutePath().startsWith(imported.toAbsolutePath()))) {
        tests.add(DynamicTest.dynamicTest(abi + " " + imported.relativize(result.file()), () -> {
          assertThat(result.failure()).as("probe for %s on %s", result.file(), abi).isEmpty();
          assertThat(result.mismatches()).as("%s on %s:%n%s", result.file(), abi,
              result.mismatches().stream().map(Object::toString).collect(Collectors.joining("\n"))).isEmpty();
        }));
      }
    }
    return tests.stream();
  }
}
