package dev.compat32.generator.importer;

import dev.compat32.generator.Generator;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads an import's spec files with the base specs before they are written where they belong:
 * staged in a scratch folder, read by the ordinary loader and laid out on every ABI, so a file the
 * loader would reject is never written.
 */
public final class ImportVerification {
  private ImportVerification() {}

  /** The layouts of the base specs and the staged import; throws with every diagnostic otherwise. */
  public static LayoutSet load(List<Path> baseSpecFiles, Map<String, String> files, Path stagingDirectory)
      throws IOException, SpecException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = stagingDirectory.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
    }
    List<Path> all = new ArrayList<>(baseSpecFiles);
    all.addAll(SpecLoader.findSpecFiles(List.of(stagingDirectory)));
    return Generator.layOut(all);
  }
}
