package dev.compat32.generator.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pass 1: lists the object-like macros a header itself defines, from {@code gcc -E -dD} of a file
 * that includes it (the line markers say which file each definition is in). A header that does not
 * compile alone is reported with the compiler's first error.
 */
final class HeaderScanner {
  private static final Pattern LINE_MARKER = Pattern.compile("^# \\d+ \"(.*)\"((?: \\d)*)$");
  private static final Pattern DEFINE = Pattern.compile("^#define ([A-Za-z_][A-Za-z0-9_]*)(\\(?)\\s*(.*)$");
  private static final String MARK = "compat32_header_begins";
  private static final Pattern SCRATCH = Pattern.compile("\\S*/((?:scan|expand|probe|ast)\\.c)");

  private HeaderScanner() {}

  record Macro(String name, String body) {}

  /** The header's own macros in order, the path it was read from, or why it could not be. */
  record Scan(String header, Optional<String> path, List<Macro> macros, Optional<String> failure) {}

  static Scan scan(String header, Toolchain tools, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path source = dir.resolve("scan.c");
    Files.writeString(source, Toolchain.PRELUDE + MARK + "\n#include <" + header + ">\n");
    ToolRun.Result result = ToolRun.run(tools.preprocess(source, "-dD"), dir);
    if (!result.ok()) {
      return new Scan(header, Optional.empty(), List.of(), Optional.of(firstError(result.errors())));
    }
    Map<String, List<Macro>> byFile = new LinkedHashMap<>();
    String main = null;
    String current = "";
    boolean armed = false;
    String entered = null;
    for (String line : result.output().split("\n")) {
      Matcher marker = LINE_MARKER.matcher(line);
      if (marker.matches()) {
        current = marker.group(1);
        if (main == null) {
          main = current;
        }
        if (armed && entered == null && marker.group(2).contains("1")) {
          entered = current;
        }
        continue;
      }
      if (line.equals(MARK) && current.equals(main)) {
        armed = true;
        continue;
      }
      Matcher define = DEFINE.matcher(line);
      if (define.matches() && define.group(2).isEmpty()) {
        byFile.computeIfAbsent(current, f -> new ArrayList<>()).add(new Macro(define.group(1), define.group(3).strip()));
      }
    }
    String path = entered != null ? entered
        : byFile.keySet().stream().filter(f -> f.endsWith("/" + header)).findFirst().orElse(null);
    List<Macro> own = path == null ? List.of() : byFile.getOrDefault(path, List.of());
    return new Scan(header, Optional.ofNullable(path), own, Optional.empty());
  }

  /** The compiler's first error, without the scratch folder's path (reports name no machine paths). */
  static String firstError(String errors) {
    String first = errors.strip().isEmpty() ? "the compiler failed" : errors.strip().split("\n")[0];
    for (String line : errors.split("\n")) {
      if (line.contains("error")) {
        first = line.strip();
        break;
      }
    }
    return SCRATCH.matcher(first).replaceAll("$1");
  }
}
