package dev.compat32.generator;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.layout.LayoutEngine;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.output.OutputWriter;
import dev.compat32.generator.report.LayoutReport;
import dev.compat32.generator.spec.SpecLoader;
import dev.compat32.generator.spec.SpecSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator pipeline: read specs, lay them out per ABI, render everything, then write. Nothing
 * is written unless every step succeeded, so a spec error leaves the previous output intact.
 */
public final class Generator {
  private Generator() {}

  /** What a run produced. */
  public record Result(LayoutSet layouts, int structs, int ioctls, List<Path> written, List<Path> unchanged, List<Path> deleted) {
    public boolean changedAnything() {
      return !written.isEmpty() || !deleted.isEmpty();
    }
  }

  /** Reads and lays out the specs; every problem of the run, from YAML syntax to ioctl sizes, at once. */
  public static LayoutSet layOut(GeneratorRequest request) throws SpecException {
    return layOut(request.allSpecFiles());
  }

  public static LayoutSet layOut(List<Path> specFiles) throws SpecException {
    Diagnostics diagnostics = new Diagnostics();
    SpecSet specs = SpecLoader.loadFiles(specFiles, diagnostics);
    LayoutSet layouts = LayoutEngine.compute(specs, diagnostics);
    diagnostics.throwIfErrors();
    return layouts;
  }

  /** Accepts what the project itself declares, not what its dependencies bring. */
  public static java.util.function.Predicate<Path> ownFiles(GeneratorRequest request) {
    java.util.Set<Path> own = new java.util.HashSet<>(request.specFiles());
    return own::contains;
  }

  public static Result run(GeneratorRequest request) throws SpecException, IOException {
    LayoutSet layouts = layOut(request);
    List<Path> written = new ArrayList<>();
    List<Path> unchanged = new ArrayList<>();
    if (request.reportFile().isPresent()) {
      Path report = request.reportFile().get();
      (OutputWriter.writeIfChanged(report, LayoutReport.toJson(layouts, ownFiles(request))) ? written : unchanged).add(report);
    }
    return new Result(layouts, layouts.specs().structs().size(), layouts.specs().ioctls().size(), written, unchanged, List.of());
  }
}
