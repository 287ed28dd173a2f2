package dev.compat32.maven;

import dev.compat32.generator.Generator;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.importer.HeaderImporter;
import dev.compat32.generator.importer.ImportOutput;
import dev.compat32.generator.importer.ImportReport;
import dev.compat32.generator.importer.ImportRequest;
import dev.compat32.generator.importer.ImportResult;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.SpecLoader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Imports ioctl specs from UAPI headers: finds every ioctl macro of the headers, measures its
 * number and argument layout with every ABI's compiler, classifies it and writes one generated spec
 * per header into {@code outputDirectory}, with a report (JSON and markdown) of the counts per class
 * and family. Nothing is written unless the imported specs load with the base specs and agree with
 * every ABI's compiler (what a compiler disagrees with is left out, and reported).
 *
 * @since 0.2.0
 */
@Mojo(name = "import", threadSafe = true, requiresProject = false)
public class ImportMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true)
  private MavenProject project;

  /**
   * Folders whose headers are imported; each header is named by its path below its folder, as
   * {@code #include <...>} spells it.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.headerDirectories", defaultValue = "/usr/include")
  private List<File> headerDirectories;

  /**
   * Which headers of {@code headerDirectories} to import, as globs of their include names.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.headers",
      defaultValue = "linux/**.h,asm-generic/*.h,asm/*.h,sound/*.h,mtd/*.h,rdma/**.h,misc/*.h,video/*.h,xen/*.h,drm/*.h")
  private List<String> headers;

  /**
   * Extra folders passed to every compiler as {@code -I} (e.g. {@code /usr/include/libdrm}).
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.includeDirectories")
  private List<File> includeDirectories = new ArrayList<>();

  /**
   * The spec files or folders that give the ABIs (with their probe compilers) and the shared types.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.baseSpecs", defaultValue = "${basedir}/specs/abi,${basedir}/specs/types")
  private List<File> baseSpecs;

  /**
   * Where the generated specs go; files there without the importer's banner are never touched.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.importDirectory", defaultValue = "${basedir}/specs/imported")
  private File outputDirectory;

  /**
   * Where the report ({@code import-report.json}, {@code import-report.md}) and the probes go.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.importWorkDirectory", defaultValue = "${basedir}/target/compat32/import")
  private File workDirectory;

  /**
   * Only report; write no spec.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.reportOnly", defaultValue = "false")
  private boolean reportOnly;

  /**
   * The guest ABI, whose numbers decide collisions.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.guestAbi", defaultValue = "i386")
  private String guestAbi;

  /**
   * The host ABI, whose compiler lists and expands the macros.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.hostAbi", defaultValue = "x86_64")
  private String hostAbi;

  /**
   * Compilers run at the same time.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.threads", defaultValue = "2")
  private int threads;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    long start = System.nanoTime();
    Path work = workDirectory.toPath();
    List<Path> baseFiles = SpecLoader.findSpecFiles(baseSpecs.stream().map(File::toPath).toList());
    try {
      LayoutSet base = Generator.layOut(baseFiles);
      List<String> names = headerNames();
      getLog().info("compat32: importing " + names.size() + " headers");
      ImportRequest request = new ImportRequest(names, includeDirectories.stream().map(File::toPath).toList(), base,
          guestAbi, hostAbi, work.resolve("probes"), threads);
      ImportResult result = HeaderImporter.run(request);
      getLog().info("compat32: passes took " + result.millisByPass() + " ms");
      Files.writeString(work.resolve("import-report.json"), ImportReport.json(result), StandardCharsets.UTF_8);
      Files.writeString(work.resolve("import-report.md"), ImportReport.markdown(result), StandardCharsets.UTF_8);
      if (!reportOnly) {
        ImportOutput.Written written = ImportOutput.write(outputDirectory.toPath(), result.files());
        getLog().info("compat32: " + written.written().size() + " spec(s) written, " + written.unchanged().size()
            + " unchanged, " + written.deleted().size() + " deleted in " + outputDirectory);
      }
      result.skippedHeaders().forEach((h, why) -> getLog().warn("compat32: skipped " + h + ": " + why));
      getLog().info("compat32: " + result.ioctls().size() + " ioctls " + result.countsByClass() + ", "
          + result.collisions().size() + " shared guest numbers, in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    } catch (SpecException e) {
      e.diagnostics().forEach(d -> getLog().error(d.toString()));
      throw new MojoFailureException("compat32: the base specs do not load; nothing written");
    } catch (IOException e) {
      throw new MojoExecutionException("compat32: import failed: " + e.getMessage(), e);
    }
  }

  private List<String> headerNames() throws IOException {
    List<PathMatcher> matchers = headers.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g.strip())).toList();
    TreeSet<String> names = new TreeSet<>();
    for (File dir : headerDirectories) {
      Path root = dir.toPath();
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).map(root::relativize)
            .filter(p -> matchers.stream().anyMatch(m -> m.matches(p)))
            .forEach(p -> names.add(p.toString().replace(File.separatorChar, '/')));
      }
    }
    return List.copyOf(names);
  }
}
