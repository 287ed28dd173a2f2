package dev.compat32.runtime.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real i386 process as the oracle for ioctl behaviour: a small C program, built with {@code gcc
 * -m32 -static}, runs a script of ioctls so every call goes through the kernel's own compat path,
 * and prints what the guest sees (result, errno, argument bytes). The script language is in the
 * program's header comment; {@link DispatchScript} runs the same script through compat32.
 */
public final class I386Oracle {
  private static final String SOURCE = "ioctl_oracle.c";

  private final Path program;

  private I386Oracle(Path program) {
    this.program = program;
  }

  /** Builds the oracle in {@code workDir}; empty, with the compiler's words, where {@code gcc -m32 -static} cannot. */
  public static Built build(Path workDir) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path source = workDir.resolve(SOURCE);
    try (InputStream in = I386Oracle.class.getResourceAsStream(SOURCE)) {
      Files.write(source, in.readAllBytes());
    }
    Path program = workDir.resolve("ioctl_oracle");
    Process gcc;
    try {
      gcc = new ProcessBuilder("gcc", "-m32", "-static", "-O1", "-o", program.toString(), source.toString())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Built(Optional.empty(), "gcc is not installed: " + e.getMessage());
    }
    String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (gcc.waitFor() != 0) {
      return new Built(Optional.empty(), "gcc -m32 -static failed (install gcc-multilib): " + log);
    }
    I386Oracle oracle = new I386Oracle(program);
    try {
      oracle.run(List.of());
    } catch (IOException e) {
      return new Built(Optional.empty(), true, "this kernel does not run i386 programs, so there is no compat path to compare"
          + " with (a kernel without IA32 emulation, as one booted with ia32_emulation=off or a PVM guest): " + e.getMessage());
    }
    return new Built(Optional.of(oracle), log);
  }

  /**
   * The oracle if it could be built and the kernel runs it, else why not; {@code kernelRefuses}
   * tells a kernel that runs no i386 program (nothing to install) from a missing compiler.
   */
  public record Built(Optional<I386Oracle> oracle, boolean kernelRefuses, String log) {
    Built(Optional<I386Oracle> oracle, String log) {
      this(oracle, false, log);
    }
  }

  /** Runs {@code script} in one i386 process; one answer line per script line. */
  public List<String> run(List<String> script) throws IOException, InterruptedException {
    // the script comes from a file: writing it to a pipe while the answers fill the other would deadlock
    Path input = Files.createTempFile(program.getParent(), "script", ".txt");
    Files.write(input, script, StandardCharsets.UTF_8);
    Process process;
    try {
      process = new ProcessBuilder(program.toString()).redirectInput(input.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Files.deleteIfExists(input);
      throw e;
    }
    List<String> out = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        out.add(line);
      }
    }
    int exit = process.waitFor();
    Files.deleteIfExists(input);
    if (exit != 0 || out.size() != script.size()) {
      throw new IOException("the i386 oracle exited with " + exit + " after " + out.size() + " of " + script.size() + " lines"
          + (out.size() > script.size() ? ": " + String.join(" / ", out.subList(script.size(), Math.min(out.size(), script.size() + 3))) : ""));
    }
    return out;
  }
}
