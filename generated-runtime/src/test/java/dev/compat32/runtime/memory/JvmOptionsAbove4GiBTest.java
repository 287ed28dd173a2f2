package dev.compat32.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM options {@link IdentityGuestMemory#JVM_OPTIONS_ABOVE_4GIB} documents, tried on the JVM
 * that runs the tests: a child JVM with a small heap (which compressed oops would place below
 * 4 GiB) starts strict identity-mapped memory with them, and without them finds its own heap, CDS
 * archive or class space below 4 GiB.
 */
class JvmOptionsAbove4GiBTest {

  /** The child: starts strict memory and prints what it found. */
  public static void main(String[] args) {
    try (IdentityGuestMemory memory = new IdentityGuestMemory()) {
      System.out.println("foreign " + memory.foreignMappings().size() + " " + memory.foreignMappings());
    }
    try (IdentityGuestMemory memory = IdentityGuestMemory.strict()) {
      System.out.println("strict started");
    }
  }

  private static String child(List<String> options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx256m");
    command.addAll(options);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), JvmOptionsAbove4GiBTest.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  @Test
  void withTheOptionsNothingOfTheJvmIsBelow4GiB() throws Exception {
    String out = child(IdentityGuestMemory.JVM_OPTIONS_ABOVE_4GIB);
    assertThat(out).contains("foreign 0 []").contains("strict started");
  }

  @Test
  void withoutThemTheJvmMapsItsOwnMemoryThereAndStrictModeRefuses() throws Exception {
    String out = child(List.of());
    assertThat(out).doesNotContain("foreign 0 ").doesNotContain("strict started")
        .contains("IllegalStateException: strict identity-mapped guest memory");
  }
}
