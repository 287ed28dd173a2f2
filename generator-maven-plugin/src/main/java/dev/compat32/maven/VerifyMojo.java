package dev.compat32.maven;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.conformance.ConformanceChecker;
import dev.compat32.generator.conformance.ConformanceResult;
import dev.compat32.generator.diagnostics.Diagnostic;
import dev.compat32.generator.layout.LayoutSet;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Checks the project's struct layouts and ioctl numbers against the real compilers (gcc -m32,
 * gcc -m64, clang for aarch64) on the system's UAPI headers.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresDependencyCollection = ResolutionScope.COMPILE)
public class VerifyMojo extends AbstractSpecMojo {

  /**
   * Fail, rather than warn, when an ABI's compiler is missing.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.requireCompilers", defaultValue = "false")
  private boolean requireCompilers;

  /**
   * Folders of the project's own C headers, passed to the compilers as {@code -I}.
   *
   * @since 0.1.0
   */
  @Parameter
  private List<File> headerDirectories = new ArrayList<>();

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      return;
    }
    GeneratorRequest request = request().build();
    LayoutSet layouts = layOut(request);
    Path work;
    try {
      work = Files.createDirectories(Path.of(project.getBuild().getDirectory(), "compat32", "probes"));
    } catch (IOException e) {
      throw new MojoExecutionException("cannot create the probe folder", e);
    }
    List<String> flags = headerDirectories.stream().map(d -> "-I" + d.getAbsolutePath()).toList();
    ConformanceChecker checker = new ConformanceChecker(layouts, work, flags);
    Map<String, String> unavailable = checker.unavailableAbis();
    int checked = 0;
    int failed = 0;
    Set<Diagnostic> uncompiled = new LinkedHashSet<>(); // the same missing header fails every ABI: said once
    for (String abi : layouts.abis()) {
      if (unavailable.containsKey(abi)) {
        String message = "compat32: cannot check " + abi + ": " + unavailable.get(abi);
        if (requireCompilers) {
          throw new MojoFailureException(message);
        }
        getLog().warn(message);
        continue;
      }
      for (ConformanceResult result : checker.check(abi, Generator.ownFiles(request))) {
        checked += result.checked();
        if (result.failure().isPresent()) {
          if (uncompiled.add(checker.diagnose(result))) {
            getLog().error(checker.diagnose(result).toString());
          }
          getLog().debug(result.failure().get());
        }
        for (ConformanceResult.Mismatch mismatch : result.mismatches()) {
          failed++;
          getLog().error(mismatch + " (" + abi + ")");
        }
      }
    }
    if (failed > 0 || !uncompiled.isEmpty()) {
      String compared = failed > 0 ? failed + " of " + checked + " compared value(s) disagree with the compilers"
          : checked + " compared value(s) agree with the compilers";
      throw new MojoFailureException("compat32: " + compared
          + (uncompiled.isEmpty() ? "" : "; " + uncompiled.size() + " spec problem(s) kept probes from compiling (above)"));
    }
    getLog().info("compat32: " + checked + " values agree with the compilers");
  }
}
