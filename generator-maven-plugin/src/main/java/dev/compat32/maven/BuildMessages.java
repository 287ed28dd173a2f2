package dev.compat32.maven;

import dev.compat32.generator.diagnostics.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.logging.Log;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/**
 * Spec problems for the build log and, where an IDE provides its own {@link BuildContext}
 * (Eclipse m2e), as markers on the spec files at line and column.
 */
final class BuildMessages {
  private final Log log;
  private final BuildContext context;

  BuildMessages(Log log, BuildContext context) {
    this.log = log;
    this.context = context;
  }

  /** Whether an IDE shows the messages; Maven's own context only logs them, a second time. */
  boolean inIde() {
    return context != null && !(context instanceof DefaultBuildContext);
  }

  /** Clears the markers of an earlier build on {@code specs}. */
  void clear(List<Path> specs) {
    if (inIde()) {
      specs.forEach(spec -> context.removeMessages(spec.toFile()));
    }
  }

  void report(List<Diagnostic> problems) {
    for (Diagnostic problem : problems) {
      log.error(problem.toString());
      if (inIde()) {
        context.addMessage(problem.location().file().toFile(), problem.location().line(), problem.location().column(),
            problem.message(), BuildContext.SEVERITY_ERROR, null);
      }
    }
  }

  /** Tells the IDE that {@code folder} changed under it. */
  void refresh(Path folder) {
    if (context != null) {
      context.refresh(folder.toFile());
    }
  }
}
