package dev.compat32.generator.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the generator wrote into one output folder: the files and the folders it created, relative
 * to the folder. Only what is listed here is ever replaced or deleted, so the output folder may
 * be shared with hand-written files ({@code src/main/java}) without losing any.
 *
 * @param files the files of the last run, relative, in {@code /} form
 * @param directories the folders the generator created and that still held something
 */
public record OutputManifest(Set<String> files, Set<String> directories) {
  /** The manifest's file name, in each output folder. */
  public static final String FILE = ".compat32-outputs";

  private static final String FILE_PREFIX = "file ";
  private static final String DIRECTORY_PREFIX = "dir ";

  public OutputManifest {
    files = Set.copyOf(files);
    directories = Set.copyOf(directories);
  }

  /** The manifest of {@code root}; empty when the generator has never written there. */
  public static OutputManifest read(Path root) throws IOException {
    Path file = root.resolve(FILE);
    Set<String> files = new TreeSet<>();
    Set<String> directories = new TreeSet<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith(FILE_PREFIX)) {
          files.add(line.substring(FILE_PREFIX.length()));
        } else if (line.startsWith(DIRECTORY_PREFIX)) {
          directories.add(line.substring(DIRECTORY_PREFIX.length()));
        }
      }
    }
    return new OutputManifest(files, directories);
  }

  /** Records this manifest in {@code root}. */
  public void write(Path root) throws IOException {
    StringBuilder text = new StringBuilder("# written by the compat32 generator: the files and folders it owns here\n");
    new TreeSet<>(files).forEach(f -> text.append(FILE_PREFIX).append(f).append('\n'));
    new TreeSet<>(directories).forEach(d -> text.append(DIRECTORY_PREFIX).append(d).append('\n'));
    OutputWriter.writeIfChanged(root.resolve(FILE), text.toString());
  }

  /** {@code path} relative to {@code root}, in the manifest's {@code /} form. */
  public static String key(Path root, Path path) {
    return String.join("/", iterate(root.relativize(path)));
  }

  private static List<String> iterate(Path relative) {
    List<String> names = new java.util.ArrayList<>();
    relative.forEach(name -> names.add(name.toString()));
    return names;
  }
}
