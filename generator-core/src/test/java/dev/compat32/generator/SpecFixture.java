package dev.compat32.generator;

import dev.compat32.generator.diagnostics.Diagnostic;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spec files written into a folder for a test, laid out together with the bundled ABIs and types. */
public final class SpecFixture {
  private final Path dir;
  private final Map<String, String> files = new LinkedHashMap<>();

  public SpecFixture(Path dir) {
    this.dir = dir;
  }

  public SpecFixture file(String name, String yaml) {
    files.put(name, yaml);
    return this;
  }

  public List<Path> write() throws IOException {
    List<Path> paths = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
      paths.add(path);
    }
    return paths;
  }

  /** Lays out the files together with the bundled ABI and type specs. */
  public LayoutSet layOut() throws IOException, SpecException {
    List<Path> all = new ArrayList<>(SpecLoader.findSpecFiles(List.of(BundledSpecs.root().resolve("abi"), BundledSpecs.root().resolve("types"))));
    all.addAll(write());
    return Generator.layOut(all);
  }

  /** The problems the files have; fails if they have none. */
  public List<Diagnostic> problems() throws IOException {
    try {
      layOut();
    } catch (SpecException e) {
      return e.diagnostics();
    }
    throw new AssertionError("expected spec problems, found none");
  }

  /**
   * The problems generating code for the files finds, layout and the check pass before emission
   * included; fails if there are none.
   */
  public List<Diagnostic> generationProblems() throws IOException {
    List<Path> own = write();
    List<Path> all = new ArrayList<>(SpecLoader.findSpecFiles(List.of(BundledSpecs.root().resolve("abi"), BundledSpecs.root().resolve("types"))));
    all.addAll(own);
    GeneratorRequest request = GeneratorRequest.builder().addSpecFiles(own).addDependencySpecFiles(all.subList(0, all.size() - own.size()))
        .packageName("fixture.generated").build();
    try {
      LayoutSet layouts = Generator.layOut(all);
      dev.compat32.generator.emit.CodeEmitter.emit(Generator.plan(request, layouts));
    } catch (SpecException e) {
      return e.diagnostics();
    }
    throw new AssertionError("expected spec problems, found none");
  }

  public Path path(String name) {
    return dir.resolve(name);
  }
}
