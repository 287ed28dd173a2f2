package dev.compat32.maven;

import dev.compat32.generator.Generator;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.output.ForeignFileException;
import dev.compat32.generator.output.OutputManifest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Generates Java codecs and the compat ioctl dispatch table from the project's specs, adds them
 * as a source root, and writes the layout report.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true,
    requiresDependencyCollection = ResolutionScope.COMPILE)
public class GenerateMojo extends AbstractSpecMojo {

  /**
   * Where generated sources go; added as a compile source root.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/compat32")
  private File outputDirectory;

  /**
   * The layout report: every struct's layout and every ioctl's number per ABI.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.reportFile", defaultValue = "${project.build.directory}/compat32/layouts.json")
  private File reportFile;

  /**
   * Where the project's specs and codegen settings are copied to ship in its jar (under
   * {@code META-INF/compat32/}), so projects that depend on it can use its types and codecs.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.resourceDirectory", defaultValue = "${project.build.directory}/generated-resources/compat32")
  private File resourceDirectory;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("compat32: skipped (compat32.skip)");
      return;
    }
    Path output = outputDirectory.toPath();
    project.addCompileSourceRoot(output.toString());
    Resource resource = new Resource();
    resource.setDirectory(resourceDirectory.getPath());
    resource.addExclude(OutputManifest.FILE); // the plugin's bookkeeping, not for the jar
    project.addResource(resource);
    long start = System.nanoTime();
    try {
      Generator.Result result = Generator.run(request().sourceDirectory(output).resourceDirectory(resourceDirectory.toPath())
          .resourceCopy(Path.of(project.getBuild().getOutputDirectory()))
          .reportFile(reportFile.toPath()).build());
      if (result.changedAnything()) {
        messages().refresh(output);
        messages().refresh(resourceDirectory.toPath());
        getLog().info("compat32: " + result.structs() + " structs, " + result.ioctls() + " ioctls; wrote "
            + result.written().size() + " file(s), deleted " + result.deleted().size() + " stale, "
            + result.unchanged().size() + " unchanged, in " + millis(start) + " ms");
      } else {
        getLog().info("compat32: specs unchanged; nothing to write (" + result.unchanged().size() + " file(s) up to date, in "
            + millis(start) + " ms)");
      }
    } catch (SpecException e) {
      throw specFailure(e);
    } catch (ForeignFileException e) {
      throw new MojoFailureException(e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("compat32: cannot write output", e);
    }
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
