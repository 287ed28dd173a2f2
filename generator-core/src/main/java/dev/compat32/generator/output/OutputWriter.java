package dev.compat32.generator.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a complete set of rendered files into a directory it owns: unchanged files are left
 * alone (so timestamps and incremental compilers stay quiet), changed ones are replaced
 * atomically, and files of an earlier run that are no longer produced are deleted.
 */
public final class OutputWriter {
  private OutputWriter() {}

  /** What a write did. */
  public record Outcome(List<Path> written, List<Path> unchanged, List<Path> deleted) {
    public boolean changedAnything() {
      return !written.isEmpty() || !deleted.isEmpty();
    }
  }

  /**
   * Replaces the content of {@code root} with {@code files}. Only files with one of {@code owned}
   * endings are deleted when stale, so a shared directory keeps what others put there.
   */
  public static Outcome sync(Path root, List<OutputFile> files, Set<String> owned) throws IOException {
    List<Path> written = new ArrayList<>();
    List<Path> unchanged = new ArrayList<>();
    List<Path> deleted = new ArrayList<>();
    Set<Path> produced = new HashSet<>();
    for (OutputFile file : files) {
      Path target = root.resolve(file.relativePath()).normalize();
      produced.add(target);
      if (writeIfChanged(target, file.content())) {
        written.add(target);
      } else {
        unchanged.add(target);
      }
    }
    if (Files.isDirectory(root)) {
      List<Path> stale;
      try (Stream<Path> walk = Files.walk(root)) {
        stale = walk.filter(Files::isRegularFile)
            .filter(p -> owned.stream().anyMatch(ending -> p.getFileName().toString().endsWith(ending)))
            .filter(p -> !produced.contains(p.normalize()))
            .sorted()
            .toList();
      }
      for (Path path : stale) {
        Files.delete(path);
        deleted.add(path);
      }
    }
    return new Outcome(written, unchanged, deleted);
  }

  /** Writes {@code content} unless the file already holds exactly it; returns whether it wrote. */
  public static boolean writeIfChanged(Path target, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
      return false;
    }
    Files.createDirectories(target.getParent());
    Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    return true;
  }
}
