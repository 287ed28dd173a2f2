package dev.compat32.generator.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes a complete set of rendered files into an output folder: unchanged files are left alone
 * (so timestamps and incremental compilers stay quiet), changed ones are replaced atomically, and
 * files and folders that an earlier run wrote (its {@link OutputManifest}) and this one no longer
 * produces are deleted. Files the generator did not write are never touched: a run that would
 * replace one writes nothing and fails.
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
   * Replaces what the generator owns in {@code root} with {@code files}. A stale file's copies in
   * {@code copies} (folders a later build step copies {@code root} into, such as the classes
   * folder) are deleted too while they still hold exactly its bytes.
   */
  public static Outcome sync(Path root, List<OutputFile> files, List<Path> copies) throws IOException {
    OutputManifest previous = OutputManifest.read(root);
    refuseForeign(root, files);
    List<Path> written = new ArrayList<>();
    List<Path> unchanged = new ArrayList<>();
    Set<String> produced = new TreeSet<>();
    TreeSet<String> directories = new TreeSet<>(previous.directories());
    for (OutputFile file : files) {
      Path target = root.resolve(file.relativePath()).normalize();
      produced.add(OutputManifest.key(root, target));
      directories.addAll(createParents(root, target));
      (writeIfChanged(target, file.content()) ? written : unchanged).add(target);
    }
    List<Path> deleted = new ArrayList<>();
    for (String stale : previous.files()) {
      if (!produced.contains(stale)) {
        Path path = root.resolve(stale);
        if (Files.isRegularFile(path)) {
          deleteCopies(path, stale, copies);
          Files.delete(path);
          deleted.add(path);
        }
      }
    }
    // descending: a folder comes before its parent, which may be empty only once it is gone
    directories.descendingSet().removeIf(d -> deleteIfEmpty(root.resolve(d)));
    new OutputManifest(produced, directories).write(root);
    return new Outcome(written, unchanged, deleted);
  }

  /**
   * Fails if a file to write exists, differs and is not the generator's; call it for every folder
   * of a run before writing any, so that a refused run leaves nothing half-written.
   */
  public static void refuseForeign(Path root, List<OutputFile> files) throws IOException {
    OutputManifest previous = OutputManifest.read(root);
    List<Path> foreign = new ArrayList<>();
    for (OutputFile file : files) {
      Path target = root.resolve(file.relativePath()).normalize();
      if (Files.exists(target) && !previous.files().contains(OutputManifest.key(root, target))
          && !holds(target, file.content().getBytes(StandardCharsets.UTF_8))) {
        foreign.add(target);
      }
    }
    if (!foreign.isEmpty()) {
      throw new ForeignFileException(foreign);
    }
  }

  /** The folders between {@code root} and {@code target} that do not exist yet, created; relative keys. */
  private static List<String> createParents(Path root, Path target) throws IOException {
    List<String> created = new ArrayList<>();
    for (Path dir = target.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
      if (!Files.isDirectory(dir)) {
        created.add(OutputManifest.key(root, dir));
      }
    }
    Files.createDirectories(target.getParent());
    return created;
  }

  private static void deleteCopies(Path stale, String key, List<Path> copies) throws IOException {
    byte[] bytes = Files.readAllBytes(stale);
    for (Path copyRoot : copies) {
      Path copy = copyRoot.resolve(key);
      if (Files.isRegularFile(copy) && holds(copy, bytes)) {
        Files.delete(copy);
        // the folders the copy step made for it go with it once empty
        for (Path dir = copy.getParent(); dir != null && !dir.equals(copyRoot) && dir.startsWith(copyRoot)
            && deleteIfEmpty(dir); dir = dir.getParent()) {
          // keep climbing
        }
      }
    }
  }

  /** Deletes {@code dir} if it is an empty folder; whether it is gone. */
  private static boolean deleteIfEmpty(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (var entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        return false;
      }
      Files.delete(dir);
      return true;
    } catch (IOException e) {
      return false; // not empty after all, or not ours to remove: it stays
    }
  }

  private static boolean holds(Path file, byte[] bytes) throws IOException {
    return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes);
  }

  /** Writes {@code content} unless the file already holds exactly it; returns whether it wrote. */
  public static boolean writeIfChanged(Path target, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (holds(target, bytes)) {
      return false;
    }
    Files.createDirectories(target.getParent());
    // opened like any new file (not Files.createTempFile, which is always 0600), so the mode follows the umask
    Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
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
