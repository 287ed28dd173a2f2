package dev.compat32.generator.conformance;

import dev.compat32.generator.spec.AbiSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * How this machine runs an ABI's programs: natively where the kernel can, else through the ABI's
 * {@code emulator} (a kernel without IA32 emulation refuses i386 binaries). A probe only prints
 * constants the compiler computed, so the emulator changes nothing it reports.
 *
 * <p>Which way works is found once per compiler command, by building and running a program that
 * exits with a known status.
 */
public final class ProbeLauncher {
  private static final int MARKER = 42;
  private static final ConcurrentMap<List<String>, Launch> CHOSEN = new ConcurrentHashMap<>();

  private ProbeLauncher() {}

  /** The way chosen: a command prefix (empty for native), or why neither way works. */
  public record Launch(List<String> prefix, Optional<String> failure, String how) {
    /** The command that runs {@code program} this way. */
    public List<String> command(Path program) {
      List<String> out = new ArrayList<>(prefix);
      out.add(program.toString());
      return out;
    }
  }

  /** How to run programs built by {@code probe}'s compiler; {@code workDir} holds the test program. */
  public static Launch launch(AbiSpec.Probe probe, Path workDir) {
    return CHOSEN.computeIfAbsent(List.copyOf(probe.compiler()), c -> find(probe, workDir));
  }

  private static Launch find(AbiSpec.Probe probe, Path workDir) {
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "launch");
      Path source = dir.resolve("launch.c");
      Path program = dir.resolve("launch");
      Files.writeString(source, "int main(void) { return " + MARKER + "; }\n");
      List<String> compile = new ArrayList<>(probe.compiler());
      compile.addAll(List.of("-o", program.toString(), source.toString()));
      Exec built = exec(compile, dir);
      if (built.exit != 0) {
        return new Launch(List.of(), Optional.of(String.join(" ", compile) + " failed: " + built.output.strip()), "");
      }
      Exec natively = exec(List.of(program.toString()), dir);
      if (natively.exit == MARKER) {
        return new Launch(List.of(), Optional.empty(), "natively");
      }
      String refused = "this kernel does not run " + String.join(" ", probe.compiler()) + " programs (exit "
          + natively.exit + (natively.output.isBlank() ? "" : ": " + natively.output.strip()) + ")";
      if (probe.emulator().isEmpty()) {
        return new Launch(List.of(), Optional.of(refused + " and the ABI names no 'emulator'"), "");
      }
      List<String> emulated = new ArrayList<>(probe.emulator());
      emulated.add(program.toString());
      Exec through = exec(emulated, dir);
      if (through.exit == MARKER) {
        return new Launch(probe.emulator(), Optional.empty(), "through " + String.join(" ", probe.emulator()) + ", as " + refused);
      }
      return new Launch(List.of(), Optional.of(refused + ", nor does " + String.join(" ", probe.emulator()) + " (exit "
          + through.exit + ": " + through.output.strip() + "; install qemu-user)"), "");
    } catch (IOException e) {
      return new Launch(List.of(), Optional.of("cannot try " + String.join(" ", probe.compiler()) + ": " + e.getMessage()), "");
    }
  }

  private record Exec(int exit, String output) {}

  private static Exec exec(List<String> command, Path dir) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Exec(127, e.getMessage());
    }
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Exec(-1, "timed out");
      }
      return new Exec(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return new Exec(-1, "interrupted");
    }
  }
}
