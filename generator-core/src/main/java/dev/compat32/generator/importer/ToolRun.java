package dev.compat32.generator.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one compiler or binutils command, its output captured to a file so large dumps do not block. */
final class ToolRun {
  private static final long TIMEOUT_SECONDS = 300;

  private ToolRun() {}

  record Result(int exit, String output, String errors) {
    boolean ok() {
      return exit == 0;
    }
  }

  static Result run(List<String> command, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path out = Files.createTempFile(dir, "out", ".txt");
    try {
      return run(command, dir, out, true);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Runs {@code command} with its standard output in {@code out}; reads it back only when {@code read}. */
  static Result run(List<String> command, Path dir, Path out, boolean read) throws IOException {
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (IOException e) {
      return new Result(127, "", String.join(" ", command) + " cannot run: " + e.getMessage());
    }
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "", String.join(" ", command) + " timed out after " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), read ? Files.readString(out, StandardCharsets.UTF_8) : "",
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return new Result(-1, "", "interrupted");
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
