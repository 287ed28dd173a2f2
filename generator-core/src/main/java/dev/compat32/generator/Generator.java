package dev.compat32.generator;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.emit.CodeEmitter;
import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.LayoutEngine;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.output.InputStamp;
import dev.compat32.generator.output.OutputFile;
import dev.compat32.generator.output.OutputWriter;
import dev.compat32.generator.report.LayoutReport;
import dev.compat32.generator.spec.DependencySpecs;
import dev.compat32.generator.spec.SpecLoader;
import dev.compat32.generator.spec.SpecSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The generator pipeline: read specs, lay them out per ABI, render everything, then write. Nothing
 * is written unless every step succeeded, so a spec error leaves the previous output intact.
 */
public final class Generator {
  private Generator() {}

  /**
   * What a run produced. {@code layouts} is empty when the run found its outputs up to date with
   * unchanged inputs and did nothing else.
   */
  public record Result(Optional<LayoutSet> layouts, int structs, int ioctls, List<Path> written, List<Path> unchanged,
      List<Path> deleted) {
    public boolean changedAnything() {
      return !written.isEmpty() || !deleted.isEmpty();
    }
  }

  /** Reads and lays out the specs; every problem of the run, from YAML syntax to ioctl sizes, at once. */
  public static LayoutSet layOut(GeneratorRequest request) throws SpecException {
    Diagnostics diagnostics = new Diagnostics();
    Predicate<Path> own = ownFiles(request);
    List<Path> files = request.allSpecFiles();
    SpecSet specs = SpecLoader.loadFiles(files,
        file -> own.test(file) ? request.specEncoding() : StandardCharsets.UTF_8, diagnostics);
    stopIfAFileIsUnread(specs, files, diagnostics);
    LayoutSet layouts = LayoutEngine.compute(specs, diagnostics);
    diagnostics.throwIfErrors();
    return layouts;
  }

  public static LayoutSet layOut(List<Path> files) throws SpecException {
    Diagnostics diagnostics = new Diagnostics();
    SpecSet specs = SpecLoader.loadFiles(files, diagnostics);
    stopIfAFileIsUnread(specs, files, diagnostics);
    LayoutSet layouts = LayoutEngine.compute(specs, diagnostics);
    diagnostics.throwIfErrors();
    return layouts;
  }

  /**
   * A file that could not be read (a YAML syntax error) declares nothing, so laying out would
   * report every use of its names as unknown: hundreds of follow-on errors of one fault.
   */
  private static void stopIfAFileIsUnread(SpecSet specs, List<Path> files, Diagnostics diagnostics) throws SpecException {
    if (specs.files().size() < files.size()) {
      diagnostics.throwIfErrors();
    }
  }

  /** Accepts what the project itself declares, not what its dependencies bring. */
  public static Predicate<Path> ownFiles(GeneratorRequest request) {
    Set<Path> own = new HashSet<>(request.specFiles());
    return own::contains;
  }

  public static CodegenPlan plan(GeneratorRequest request, LayoutSet layouts) throws SpecException {
    Diagnostics diagnostics = new Diagnostics();
    for (String abi : List.of(request.guestAbi(), request.hostAbi())) {
      if (layouts.abi(abi).isEmpty()) {
        diagnostics.error(request.specFiles().isEmpty() ? dev.compat32.generator.diagnostics.SourceLocation.ofFile(Path.of("."))
            : dev.compat32.generator.diagnostics.SourceLocation.ofFile(request.specFiles().get(0)),
            "no ABI named '" + abi + "' in the specs; known: " + String.join(", ", layouts.abis()));
      }
    }
    diagnostics.throwIfErrors();
    return new CodegenPlan(layouts, request.guestAbi(), request.hostAbi(), request.packageName(), ownFiles(request),
        request.dependencyPackages());
  }

  public static Result run(GeneratorRequest request) throws SpecException, IOException {
    Optional<Path> stamp = request.sourceDirectory().map(d -> d.resolve(InputStamp.FILE));
    String digest = stamp.isPresent() ? InputStamp.digest(settings(request), request.allSpecFiles()) : "";
    if (stamp.isPresent()) {
      Optional<List<Path>> outputs = InputStamp.upToDate(stamp.get(), digest);
      if (outputs.isPresent()) {
        String[] counts = InputStamp.summary(stamp.get()).orElse("0 0").split(" ");
        return new Result(Optional.empty(), Integer.parseInt(counts[0]), Integer.parseInt(counts[1]), List.of(), outputs.get(),
            List.of());
      }
    }
    Result result = generate(request);
    if (stamp.isPresent()) {
      List<Path> outputs = new ArrayList<>(result.written());
      outputs.addAll(result.unchanged());
      InputStamp.write(stamp.get(), digest, result.structs() + " " + result.ioctls(), outputs);
    }
    return result;
  }

  /** Everything besides the spec files that decides the output. */
  private static List<String> settings(GeneratorRequest request) {
    List<String> out = new ArrayList<>(List.of(request.packageName(), request.guestAbi(), request.hostAbi(),
        String.valueOf(request.sourceDirectory()), String.valueOf(request.resourceDirectory()),
        String.valueOf(request.reportFile()), String.valueOf(request.specRoot()), String.valueOf(request.resourceCopies()),
        request.specEncoding().name(), "own:" + request.specFiles()));
    request.dependencyPackages().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().forEach(out::add);
    return out;
  }

  private static Result generate(GeneratorRequest request) throws SpecException, IOException {
    LayoutSet layouts = layOut(request);
    // render everything before writing anything
    List<OutputFile> sources = request.sourceDirectory().isPresent() ? CodeEmitter.emit(plan(request, layouts)) : List.of();
    String report = LayoutReport.toJson(layouts, ownFiles(request));
    List<OutputFile> resources = request.resourceDirectory().isPresent() ? resources(request) : List.of();

    if (request.sourceDirectory().isPresent()) {
      OutputWriter.refuseForeign(request.sourceDirectory().get(), sources);
    }
    if (request.resourceDirectory().isPresent()) {
      OutputWriter.refuseForeign(request.resourceDirectory().get(), resources);
    }
    List<Path> written = new ArrayList<>();
    List<Path> unchanged = new ArrayList<>();
    List<Path> deleted = new ArrayList<>();
    if (request.sourceDirectory().isPresent()) {
      OutputWriter.Outcome outcome = OutputWriter.sync(request.sourceDirectory().get(), sources, List.of());
      written.addAll(outcome.written());
      unchanged.addAll(outcome.unchanged());
      deleted.addAll(outcome.deleted());
    }
    if (request.resourceDirectory().isPresent()) {
      OutputWriter.Outcome outcome = OutputWriter.sync(request.resourceDirectory().get(), resources, request.resourceCopies());
      written.addAll(outcome.written());
      unchanged.addAll(outcome.unchanged());
      deleted.addAll(outcome.deleted());
    }
    if (request.reportFile().isPresent()) {
      Path file = request.reportFile().get();
      (OutputWriter.writeIfChanged(file, report) ? written : unchanged).add(file);
    }
    long structs = layouts.specs().structs().stream().filter(s -> ownFiles(request).test(s.file())).count();
    long ioctls = layouts.specs().ioctls().stream().filter(i -> ownFiles(request).test(i.file())).count();
    return new Result(Optional.of(layouts), (int) structs, (int) ioctls, written, unchanged, deleted);
  }

  /** The JSON Schema of spec files, as editors use it. */
  public static final String SCHEMA = "compat32-spec.schema.json";

  /** The schema this generator reads specs by. */
  public static String schema() throws IOException {
    try (var in = Generator.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IOException("the generator's jar lacks " + SCHEMA);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The project's specs and codec package, to ship in its jar for projects that depend on it. */
  private static List<OutputFile> resources(GeneratorRequest request) throws IOException {
    List<OutputFile> out = new ArrayList<>();
    Path location = Path.of(DependencySpecs.LOCATION);
    for (Path file : request.specFiles()) {
      Path relative = request.specRoot().map(root -> root.relativize(file)).orElse(file.getFileName());
      // shipped as UTF-8, the encoding dependency specs are read with
      out.add(new OutputFile(location.resolve(relative), Files.readString(file, request.specEncoding())));
    }
    // beside the shipped specs, whose first line points editors at ../compat32-spec.schema.json (the bundled ones)
    out.add(new OutputFile(location.resolve(SCHEMA), schema()));
    out.add(new OutputFile(Path.of(DependencySpecs.CODEGEN), "# compat32 codegen of the specs in this jar\npackage="
        + request.packageName() + "\nguestAbi=" + request.guestAbi() + "\nhostAbi=" + request.hostAbi() + "\n"));
    return out;
  }
}
