package dev.compat32.generator.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes an import's spec files, only after checking them all: a file there that the importer did
 * not write (no banner) is never overwritten or deleted, and the run then writes nothing. Files
 * with the banner that the import no longer produces are deleted; unchanged files are not touched.
 */
public final class ImportOutput {
  private ImportOutput() {}

  /** What was written, left as it was, and deleted. */
  public record Written(List<Path> written, List<Path> unchanged, List<Path> deleted) {}

  public static Written write(Path outputDirectory, Map<String, String> files) throws IOException {
    List<Path> foreign = new ArrayList<>();
    for (String relative : files.keySet()) {
      Path target = outputDirectory.resolve(relative);
      if (Files.exists(target) && !ours(target)) {
        foreign.add(target);
      }
    }
    if (!foreign.isEmpty()) {
      throw new IOException("not overwriting files compat32:import did not write (no '" + SpecYamlWriter.BANNER
          + "' line): " + foreign);
    }
    List<Path> stale = new ArrayList<>();
    if (Files.isDirectory(outputDirectory)) {
      try (Stream<Path> walk = Files.walk(outputDirectory)) {
        for (Path p : walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          if (!files.containsKey(outputDirectory.relativize(p).toString().replace('\\', '/')) && ours(p)) {
            stale.add(p);
          }
        }
      }
    }
    List<Path> written = new ArrayList<>();
    List<Path> unchanged = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = outputDirectory.resolve(file.getKey());
      if (Files.exists(target) && Files.readString(target, StandardCharsets.UTF_8).equals(file.getValue())) {
        unchanged.add(target);
        continue;
      }
      Files.createDirectories(target.getParent());
      Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(temporary, file.getValue(), StandardCharsets.UTF_8);
      Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      written.add(target);
    }
    for (Path p : stale) {
      Files.delete(p);
    }
    return new Written(written, unchanged, stale);
  }

  private static boolean ours(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.limit(3).anyMatch(SpecYamlWriter.BANNER::equals);
    }
  }
}
