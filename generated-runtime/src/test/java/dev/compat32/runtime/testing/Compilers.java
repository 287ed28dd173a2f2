package dev.compat32.runtime.testing;

import dev.compat32.generator.conformance.ProbeLauncher;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.AbiSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Builds and runs small C programs with an ABI's compiler; skips (or, under CI, fails) when it is missing. */
public final class Compilers {
  private Compilers() {}

  /** The compiler command of {@code abi} and how its programs run here, from its spec. */
  public static AbiSpec.Probe probe(LayoutSet layouts, String abi) {
    for (Optional<String> at = Optional.of(abi); at.isPresent(); at = layouts.parentOf(at.get())) {
      Optional<AbiSpec.Probe> probe = layouts.abi(at.get()).flatMap(AbiSpec::probe);
      if (probe.isPresent()) {
        return probe.get();
      }
    }
    throw new IllegalArgumentException("no compiler for " + abi);
  }

  /**
   * Compiles {@code source} with {@code probe}'s compiler (plus {@code extra} flags), runs it
   * (through the ABI's emulator where the kernel cannot), returns its standard output.
   */
  public static String run(Path dir, String name, String source, AbiSpec.Probe probe, String... extra) throws IOException, InterruptedException {
    List<String> compiler = probe.compiler();
    Path c = dir.resolve(name + ".c");
    Path exe = dir.resolve(name);
    Files.writeString(c, source);
    List<String> command = new ArrayList<>(compiler);
    command.addAll(List.of(extra));
    command.addAll(List.of("-w", "-o", exe.toString(), c.toString()));
    Result compiled = exec(command);
    if (compiled.exit != 0) {
      String message = String.join(" ", command) + " failed:\n" + compiled.output;
      if ("true".equals(System.getenv("CI")) || !compiled.output.contains("No such file") && !compiled.output.contains("not found")
          && !compiled.output.contains("cannot find")) {
        Assertions.fail(message);
      }
      Assumptions.abort(message + "\nTo enable: apt-get install gcc-multilib");
    }
    ProbeLauncher.Launch launch = ProbeLauncher.launch(probe, dir);
    launch.failure().ifPresent(Assertions::fail);
    Result ran = exec(launch.command(exe));
    if (ran.exit != 0) {
      Assertions.fail(exe + " exited " + ran.exit + ":\n" + ran.output);
    }
    return ran.output;
  }

  /** Runs a program that prints {@code name hexbytes} lines; returns the bytes by name. */
  public static Map<String, byte[]> runDump(Path dir, String name, String source, AbiSpec.Probe compiler) throws IOException, InterruptedException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String line : run(dir, name, source, compiler).split("\n")) {
      String[] parts = line.strip().split(" ");
      if (parts.length == 2) {
        out.put(parts[0], HexFormat.of().parseHex(parts[1]));
      }
    }
    return out;
  }

  private record Result(int exit, String output) {}

  private static Result exec(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(127, command.get(0) + ": not found");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out");
    }
    return new Result(process.exitValue(), output);
  }
}
