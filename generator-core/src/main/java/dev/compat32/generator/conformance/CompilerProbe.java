package dev.compat32.generator.conformance;

import dev.compat32.generator.spec.AbiSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compiles a probe with an ABI's compiler and reads back the values it reports. */
public final class CompilerProbe {
  private static final Pattern NM_LINE = Pattern.compile("^[0-9a-fA-F]+\\s+([0-9a-fA-F]+)\\s+\\S\\s+compat32_probe_(\\d+)$");
  private static final long TIMEOUT_SECONDS = 120;

  private final AbiSpec.Probe probe;

  public CompilerProbe(AbiSpec.Probe probe) {
    this.probe = probe;
  }

  /** Thrown when the compiler is missing or rejects the probe; the message carries its output. */
  public static final class ProbeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ProbeFailure(String message) {
      super(message);
    }
  }

  /**
   * Whether this ABI's compiler works here: compiles a file that includes a UAPI header. Returns
   * null when it does, or why not.
   */
  public String unavailableReason(Path workDir) {
    try {
      Path dir = Files.createTempDirectory(workDir, "available");
      Path source = dir.resolve("available.c");
      Files.writeString(source, "#include <linux/types.h>\nint compat32_available;\n");
      List<String> command = new ArrayList<>(probe.compiler());
      command.addAll(List.of("-c", source.toString(), "-o", dir.resolve("available.o").toString()));
      Result result = exec(command, dir);
      if (result.exit != 0) {
        return String.join(" ", probe.compiler()) + " failed: " + result.output.strip();
      }
      return probe.run() ? ProbeLauncher.launch(probe, workDir).failure().orElse(null) : null;
    } catch (IOException e) {
      return String.join(" ", probe.compiler()) + " cannot run: " + e.getMessage();
    }
  }

  /** Compiles (and runs, or reads back with nm) the probe; returns each value by check id. */
  public Map<Integer, Long> measure(ProbeProgram program, Path dir) throws ProbeFailure, IOException {
    Files.createDirectories(dir);
    Path source = dir.resolve("probe.c");
    Files.writeString(source, program.source(), StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(probe.compiler());
    Path output = dir.resolve(probe.run() ? "probe" : "probe.o");
    if (!probe.run()) {
      command.add("-c");
    }
    command.addAll(List.of("-w", source.toString(), "-o", output.toString()));
    Result compiled = exec(command, dir);
    if (compiled.exit != 0) {
      throw new ProbeFailure(String.join(" ", command) + " failed (probe kept in " + source + "):\n" + compiled.output);
    }
    Map<Integer, Long> values = new HashMap<>();
    if (probe.run()) {
      ProbeLauncher.Launch launch = ProbeLauncher.launch(probe, dir.getParent());
      if (launch.failure().isPresent()) {
        throw new ProbeFailure(launch.failure().get());
      }
      Result ran = exec(launch.command(output), dir);
      if (ran.exit != 0) {
        throw new ProbeFailure(output + " exited with " + ran.exit + ":\n" + ran.output);
      }
      for (String line : ran.output.split("\n")) {
        String[] parts = line.strip().split(" ");
        if (parts.length == 2) {
          values.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        }
      }
    } else {
      Result nm = exec(List.of("nm", "-S", "--defined-only", output.toString()), dir);
      if (nm.exit != 0) {
        throw new ProbeFailure("nm failed on " + output + ":\n" + nm.output);
      }
      for (String line : nm.output.split("\n")) {
        Matcher m = NM_LINE.matcher(line.strip());
        if (m.matches()) {
          values.put(Integer.parseInt(m.group(2)), Long.parseLong(m.group(1), 16) - 1);
        }
      }
    }
    return values;
  }

  private record Result(int exit, String output) {}

  private static Result exec(List<String> command, Path dir) throws IOException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return new Result(-1, "interrupted");
    }
  }
}
