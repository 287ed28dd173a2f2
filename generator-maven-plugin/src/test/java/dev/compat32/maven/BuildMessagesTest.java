package dev.compat32.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.diagnostics.Diagnostic;
import dev.compat32.generator.diagnostics.SourceLocation;
import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/** Spec problems reach an IDE's build context as markers at file, line and column. */
class BuildMessagesTest {
  private final List<String> calls = new ArrayList<>();

  /** A build context as an IDE provides one, recording what it is told. */
  private BuildContext ideContext() {
    return (BuildContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BuildContext.class},
        (proxy, method, args) -> {
          calls.add(method.getName() + Arrays.toString(args));
          return method.getReturnType() == boolean.class ? false : null;
        });
  }

  private static final Path SPEC = Path.of("specs", "a.yaml");
  private static final Diagnostic PROBLEM = new Diagnostic(new SourceLocation(SPEC, 3, 7), "unknown type '__u33'");

  @Test
  void anIdeGetsAMarkerPerProblemAndOldMarkersAreCleared() {
    BuildMessages messages = new BuildMessages(new SystemStreamLog(), ideContext());
    messages.clear(List.of(SPEC));
    messages.report(List.of(PROBLEM));
    File file = SPEC.toFile();
    assertThat(calls).containsExactly("removeMessages[" + file + "]",
        "addMessage[" + file + ", 3, 7, unknown type '__u33', " + BuildContext.SEVERITY_ERROR + ", null]");
  }

  @Test
  void mavensOwnContextIsNotToldTwice() {
    BuildMessages messages = new BuildMessages(new SystemStreamLog(), new DefaultBuildContext());
    assertThat(messages.inIde()).isFalse();
    assertThat(new BuildMessages(new SystemStreamLog(), ideContext()).inIde()).isTrue();
  }
}
