package dev.compat32.maven;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.report.LayoutTable;
import dev.compat32.generator.spec.StructSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Prints struct layouts (on standard output, kept under {@code -q}), guest ABIs beside the host, rows that differ marked with {@code *}. */
@Mojo(name = "layout", threadSafe = true, requiresDependencyCollection = ResolutionScope.COMPILE)
public class LayoutMojo extends AbstractSpecMojo {

  /**
   * The structs to print, comma-separated; all of the project's own structs when unset.
   *
   * @since 0.1.0
   */
  @Parameter(property = "compat32.struct")
  private String struct;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      return;
    }
    GeneratorRequest request = request().build();
    LayoutSet layouts = layOut(request);
    Predicate<Path> own = Generator.ownFiles(request);
    List<StructSpec> chosen = new ArrayList<>();
    if (struct == null) {
      layouts.specs().structs().stream().filter(s -> own.test(s.file())).forEach(chosen::add);
      if (chosen.isEmpty()) {
        throw new MojoFailureException("compat32: the project declares no structs");
      }
    } else {
      for (String name : struct.split(",")) {
        chosen.add(layouts.specs().struct(name.strip()).orElseThrow(() ->
            new MojoFailureException("compat32: no struct named '" + name.strip() + "'")));
      }
    }
    List<String> abis = new ArrayList<>();
    for (String abi : layouts.abis()) {
      if (abi.equals(hostAbi) || abi.equals(guestAbi) || layouts.parentOf(abi).equals(Optional.of(guestAbi))) {
        abis.add(abi);
      }
    }
    for (StructSpec spec : chosen) {
      List<StructLayout> columns = abis.stream().map(a -> layouts.struct(a, spec)).flatMap(Optional::stream).toList();
      // the goal's result, not a log line: on stdout, as help:evaluate -DforceStdout does, so -q keeps it
      System.out.println(spec.name() + " (" + spec.file().getFileName() + ":" + spec.location().line() + ")\n"
          + LayoutTable.render(columns));
    }
  }
}
