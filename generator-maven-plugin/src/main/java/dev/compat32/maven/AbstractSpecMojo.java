package dev.compat32.maven;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.spec.DependencySpecs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.DirectoryScanner;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.sonatype.plexus.build.incremental.BuildContext;

/** Parameters and spec discovery shared by the goals; the work itself is the generator core's. */
abstract class AbstractSpecMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  @Component
  protected RepositorySystem repositories;

  @Component
  protected BuildContext buildContext;

  /**
   * Where the project's spec files are.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.specDirectory", defaultValue = "${project.basedir}/src/main/compat32")
  protected File specDirectory;

  /**
   * Spec files to read: Ant-style patterns relative to {@code specDirectory}, as in Maven's
   * resources ({@code extra/**}, {@code **}{@code /*.yaml}).
   *
   * @since 0.1.0
   */
  @Parameter
  protected List<String> includes = new ArrayList<>(List.of("**/*.yaml", "**/*.yml"));

  /**
   * Spec files to leave out: Ant-style patterns relative to {@code specDirectory}.
   *
   * @since 0.1.0
   */
  @Parameter
  protected List<String> excludes = new ArrayList<>();

  /**
   * The encoding of the project's spec files; the specs of dependencies are UTF-8.
   *
   * @since 0.2.0
   */
  @Parameter(property = "compat32.encoding", defaultValue = "${project.build.sourceEncoding}")
  protected String encoding;

  /**
   * The guest ABI (its variants, such as i386-time64, come along).
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.guestAbi", defaultValue = "i386")
  protected String guestAbi;

  /**
   * The host ABI.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.hostAbi", defaultValue = "x86_64")
  protected String hostAbi;

  /**
   * Package of the generated classes.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.package", defaultValue = "compat32.generated")
  protected String packageName;

  /**
   * Skips the goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.skip", defaultValue = "false")
  protected boolean skip;

  protected List<Path> ownSpecFiles() {
    Path root = specDirectory.toPath();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    DirectoryScanner scanner = new DirectoryScanner();
    scanner.setBasedir(specDirectory);
    scanner.setIncludes(includes.toArray(String[]::new));
    scanner.setExcludes(excludes.toArray(String[]::new));
    scanner.addDefaultExcludes();
    scanner.scan();
    return Stream.of(scanner.getIncludedFiles()).map(root::resolve).sorted().toList();
  }

  /** Spec files shipped by the project's dependencies (the bundled specs of the runtime jar). */
  protected DependencySpecs.Found dependencySpecs() throws MojoExecutionException {
    List<Path> classpath;
    try {
      classpath = new DependencyClasspath(session, project, repositories).entries();
    } catch (ArtifactResolutionException e) {
      throw new MojoExecutionException("compat32: cannot resolve a dependency: " + e.getMessage(), e);
    }
    try {
      return DependencySpecs.collect(classpath, dependencySpecFolder());
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read specs from dependencies", e);
    }
  }

  protected GeneratorRequest.Builder request() throws MojoExecutionException {
    List<Path> own = ownSpecFiles();
    messages().clear(own);
    if (own.isEmpty()) {
      getLog().warn("compat32: no spec files in " + specDirectory + " match includes " + includes
          + (excludes.isEmpty() ? "" : " and excludes " + excludes) + "; the project declares nothing of its own");
    }
    DependencySpecs.Found dependencies = dependencySpecs();
    return GeneratorRequest.builder()
        .addSpecFiles(own)
        .specEncoding(specEncoding())
        .specRoot(specDirectory.toPath())
        .addDependencySpecFiles(dependencies.files())
        .addDependencyPackages(dependencies.packages())
        .packageName(packageName)
        .guestAbi(guestAbi)
        .hostAbi(hostAbi);
  }

  private Charset specEncoding() throws MojoExecutionException {
    if (encoding == null || encoding.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("compat32: unknown encoding '" + encoding + "' (project.build.sourceEncoding)", e);
    }
  }

  /** Where the specs in dependency jars are copied, so that their problems name a real file. */
  private Path dependencySpecFolder() {
    return Path.of(project.getBuild().getDirectory(), "compat32", "dependency-specs");
  }

  /** A failed run leaves nothing behind, but the copies its errors point into. */
  private void removeExtractedSpecsUnlessNamed(SpecException e) {
    Path folder = dependencySpecFolder().toAbsolutePath().normalize();
    if (e.diagnostics().stream().anyMatch(d -> d.location().file().toAbsolutePath().normalize().startsWith(folder))) {
      return;
    }
    try {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> walk = Files.walk(folder)) {
          for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Path parent = folder.getParent();
      if (Files.isDirectory(parent)) {
        try (Stream<Path> left = Files.list(parent)) {
          if (left.findAny().isEmpty()) {
            Files.delete(parent);
          }
        }
      }
    } catch (IOException cleanup) {
      getLog().warn("compat32: cannot remove " + folder + ": " + cleanup.getMessage());
    }
  }

  protected BuildMessages messages() {
    return new BuildMessages(getLog(), buildContext);
  }

  /** Reads and lays out the specs, failing the build with every spec problem. */
  protected LayoutSet layOut(GeneratorRequest request) throws MojoFailureException {
    try {
      return Generator.layOut(request);
    } catch (SpecException e) {
      throw specFailure(e);
    }
  }

  /** Reports each spec problem as a Maven error with file:line:column, then fails the build. */
  protected MojoFailureException specFailure(SpecException e) {
    messages().report(e.diagnostics());
    removeExtractedSpecsUnlessNamed(e);
    return new MojoFailureException(e.diagnostics().size() + " problem(s) in compat32 specs; the first: "
        + e.diagnostics().get(0));
  }
}
