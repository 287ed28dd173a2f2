package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.yaml.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** Reads spec files ({@code *.yaml}, {@code *.yml}) below one or more roots into a {@link SpecSet}. */
public final class SpecLoader {
  /** The largest spec file read; the bundled ones have a few KiB. */
  public static final long MAX_FILE_BYTES = 1 << 20;

  private SpecLoader() {}

  /** All spec files below {@code roots}, each root's files sorted by path so runs are repeatable. */
  public static List<Path> findSpecFiles(List<Path> roots) {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      if (Files.isRegularFile(root)) {
        files.add(root);
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list spec directory " + root, e);
      }
    }
    return files;
  }

  public static SpecSet load(List<Path> roots) throws SpecException {
    return loadFiles(findSpecFiles(roots));
  }

  public static SpecSet loadFiles(List<Path> files) throws SpecException {
    Diagnostics diagnostics = new Diagnostics();
    SpecSet set = loadFiles(files, diagnostics);
    diagnostics.throwIfErrors();
    return set;
  }

  /** Loads what can be loaded, leaving every problem in {@code diagnostics} for the caller to report. */
  public static SpecSet loadFiles(List<Path> files, Diagnostics diagnostics) {
    return loadFiles(files, file -> StandardCharsets.UTF_8, diagnostics);
  }

  /** As {@link #loadFiles(List, Diagnostics)}, each file decoded with {@code encodingOf} it. */
  public static SpecSet loadFiles(List<Path> files, Function<Path, Charset> encodingOf, Diagnostics diagnostics) {
    List<SpecFile> bound = new ArrayList<>();
    for (Path file : files) {
      String content;
      Charset encoding = encodingOf.apply(file);
      try {
        // checked before reading: the YAML scanner takes minutes over a huge scalar before any limit of its own
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
          diagnostics.error(SourceLocation.ofFile(file), "the file has " + size + " bytes; a spec file may have at most "
              + MAX_FILE_BYTES + " (split it)");
          continue;
        }
        content = Files.readString(file, encoding);
      } catch (CharacterCodingException e) {
        diagnostics.error(SourceLocation.ofFile(file), "cannot read as " + encoding.name()
            + " (set project.build.sourceEncoding to the file's encoding): " + e);
        continue;
      } catch (IOException e) {
        diagnostics.error(SourceLocation.ofFile(file), "cannot read: " + e.getMessage());
        continue;
      }
      YamlReader.read(file, content, diagnostics).ifPresent(root -> bound.add(SpecBinder.bind(file, root, diagnostics)));
    }
    return SpecSet.build(bound, diagnostics);
  }
}
