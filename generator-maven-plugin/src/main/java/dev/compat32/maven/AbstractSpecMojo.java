package dev.compat32.maven;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.diagnostics.Diagnostic;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.spec.DependencySpecs;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** Parameters and spec discovery shared by the goals; the work itself is the generator core's. */
abstract class AbstractSpecMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** Where the project's spec files are. */
  @Parameter(property = "compat32.specDirectory", defaultValue = "${project.basedir}/src/main/compat32")
  protected File specDirectory;

  /** Spec files to read, as globs relative to {@code specDirectory}. */
  @Parameter
  protected List<String> includes = new ArrayList<>(List.of("**/*.yaml", "**/*.yml"));

  /** Spec files to leave out, as globs relative to {@code specDirectory}. */
  @Parameter
  protected List<String> excludes = new ArrayList<>();

  /** The guest ABI (its variants, such as i386-time64, come along). */
  @Parameter(property = "compat32.guestAbi", defaultValue = "i386")
  protected String guestAbi;

  /** The host ABI. */
  @Parameter(property = "compat32.hostAbi", defaultValue = "x86_64")
  protected String hostAbi;

  /** Package of the generated classes. */
  @Parameter(property = "compat32.package", defaultValue = "compat32.generated")
  protected String packageName;

  /** Skips the goal. */
  @Parameter(property = "compat32.skip", defaultValue = "false")
  protected boolean skip;

  protected List<Path> ownSpecFiles() throws MojoExecutionException {
    Path root = specDirectory.toPath();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<PathMatcher> include = matchers(includes);
    List<PathMatcher> exclude = matchers(excludes);
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> {
            Path relative = root.relativize(p);
            return matches(include, relative) && !matches(exclude, relative);
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new MojoExecutionException("cannot list " + root, e);
    }
  }

  /** Spec files shipped by the project's dependencies (the bundled specs of the runtime jar). */
  protected DependencySpecs.Found dependencySpecs() throws MojoExecutionException {
    List<Path> classpath = new ArrayList<>();
    for (Artifact artifact : project.getArtifacts()) {
      if (artifact.getFile() != null) {
        classpath.add(artifact.getFile().toPath());
      }
    }
    try {
      return DependencySpecs.collect(classpath, Path.of(project.getBuild().getDirectory(), "compat32", "dependency-specs"));
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read specs from dependencies", e);
    }
  }

  protected GeneratorRequest.Builder request() throws MojoExecutionException {
    DependencySpecs.Found dependencies = dependencySpecs();
    return GeneratorRequest.builder()
        .addSpecFiles(ownSpecFiles())
        .specRoot(specDirectory.toPath())
        .addDependencySpecFiles(dependencies.files())
        .addDependencyPackages(dependencies.packages())
        .packageName(packageName)
        .guestAbi(guestAbi)
        .hostAbi(hostAbi);
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
    for (Diagnostic diagnostic : e.diagnostics()) {
      getLog().error(diagnostic.toString());
    }
    return new MojoFailureException(e.diagnostics().size() + " problem(s) in compat32 specs; the first: "
        + e.diagnostics().get(0));
  }

  private static List<PathMatcher> matchers(List<String> globs) {
    List<PathMatcher> out = new ArrayList<>();
    for (String glob : globs) {
      out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
      if (glob.startsWith("**/")) {
        out.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)));
      }
    }
    return out;
  }

  private static boolean matches(List<PathMatcher> matchers, Path relative) {
    return matchers.stream().anyMatch(m -> m.matches(relative));
  }
}
