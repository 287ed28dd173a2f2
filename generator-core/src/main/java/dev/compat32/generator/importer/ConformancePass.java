package dev.compat32.generator.importer;

import dev.compat32.generator.Generator;
import dev.compat32.generator.conformance.ConformanceChecker;
import dev.compat32.generator.conformance.ConformanceResult;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.layout.LayoutSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pass 6: the specs about to be written, staged and put through the same conformance check as the
 * bundled ones, on every ABI (variants included). What the layout engine and a compiler disagree on
 * names what the headers' host view cannot say (an array typedef sized per ABI, a header that
 * differs on another architecture, libc time types on a 64-bit-time variant); the importer leaves
 * those out and checks again, so nothing it writes disagrees with a compiler.
 */
final class ConformancePass {
  private ConformancePass() {}

  /** What disagreed, with the first disagreement: structs and ioctls by name, whole families by header. */
  record Rejections(Map<String, String> structs, Map<String, String> ioctls, Map<String, String> families) {
    boolean isEmpty() {
      return structs.isEmpty() && ioctls.isEmpty() && families.isEmpty();
    }
  }

  static Rejections check(List<Path> baseFiles, Map<String, String> files, Map<String, String> familyOfFile, Path dir,
      List<String> includeFlags) throws IOException {
    Path staging = dir.resolve("specs");
    List<Path> all = new ArrayList<>(baseFiles);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = staging.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      all.add(target);
    }
    LayoutSet layouts;
    try {
      layouts = Generator.layOut(all);
    } catch (SpecException e) {
      throw new IOException("the imported specs do not load: " + e.getMessage(), e);
    }
    ConformanceChecker checker = new ConformanceChecker(layouts, Files.createDirectories(dir.resolve("probes")), includeFlags);
    Map<String, String> unavailable = checker.unavailableAbis();
    if (!unavailable.isEmpty()) {
      throw new IOException("cannot check the import: " + unavailable);
    }
    Rejections rejections = new Rejections(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    for (String abi : layouts.abis()) {
      for (ConformanceResult result : checker.check(abi, p -> p.startsWith(staging))) {
        String relative = staging.relativize(result.file()).toString().replace('\\', '/');
        if (result.failure().isPresent()) {
          rejections.families().putIfAbsent(familyOfFile.get(relative), "its probe does not compile on " + abi);
        }
        String[] lines = files.get(relative).split("\n", -1);
        for (ConformanceResult.Mismatch mismatch : result.mismatches()) {
          String why = "the compiler disagrees on " + abi + ": " + mismatch.check().what() + " is " + mismatch.actual()
              + ", the spec says " + mismatch.check().expected();
          entryAt(lines, mismatch.check().location().line(), rejections, why);
        }
      }
    }
    return rejections;
  }

  /** The struct or ioctl whose entry holds {@code line} (1-based) of a file {@link SpecYamlWriter} wrote. */
  private static void entryAt(String[] lines, int line, Rejections into, String why) {
    for (int i = line - 1; i >= 0; i--) {
      String text = lines[i];
      if (text.startsWith("  ") && !text.startsWith("   ")) {
        String name = text.substring(2, text.indexOf(':')).replace("\"", "");
        String section = section(lines, i);
        (section.equals("ioctls") ? into.ioctls() : into.structs()).putIfAbsent(name, why);
        return;
      }
    }
  }

  private static String section(String[] lines, int from) {
    for (int i = from; i >= 0; i--) {
      if (!lines[i].startsWith(" ") && lines[i].endsWith(":")) {
        return lines[i].substring(0, lines[i].length() - 1);
      }
    }
    return "";
  }
}
