package dev.compat32.generator.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures many integer constant expressions with one ABI's compiler in one compile, without
 * running anything: each value becomes the size of {@code char v[VALUE + 1]} symbols, read back
 * with {@code nm -S} (split into 16-bit halves to keep the arrays small), as the conformance probes
 * do for cross targets. Expressions the compiler rejects are dropped by the line it names and the
 * rest compiled again, so one bad expression costs only itself.
 */
final class ValueProbe {
  private static final Pattern NM_LINE = Pattern.compile("^[0-9a-fA-F]+\\s+([0-9a-fA-F]+)\\s+\\S\\s+compat32_v(\\d+)_([hl])$");
  private static final Pattern ERROR_LINE = Pattern.compile("probe\\.c:(\\d+):\\d+: error");
  private static final int ROUNDS = 64;

  private ValueProbe() {}

  /** The probe does not compile on an ABI even without the expressions the compiler named. */
  static final class ProbeFailure extends IOException {
    private static final long serialVersionUID = 1L;

    ProbeFailure(String message) {
      super(message);
    }
  }

  /** Values by key; keys whose expression did not compile are absent. */
  static Map<String, Long> measure(String abi, String header, Map<String, String> expressions, Toolchain tools, Path dir)
      throws IOException {
    List<String> keys = new ArrayList<>(expressions.keySet());
    Set<Integer> dropped = new HashSet<>();
    Files.createDirectories(dir);
    Path source = dir.resolve("probe.c");
    Path object = dir.resolve("probe.o");
    for (int round = 0; round < ROUNDS; round++) {
      StringBuilder text = new StringBuilder(Toolchain.PRELUDE).append("#include <").append(header).append(">\n");
      int firstLine = 5;
      Map<Integer, Integer> lineToKey = new HashMap<>();
      int line = firstLine;
      for (int i = 0; i < keys.size(); i++) {
        if (dropped.contains(i)) {
          continue;
        }
        String value = "((unsigned long long)(" + expressions.get(keys.get(i)) + "))";
        text.append("char compat32_v").append(i).append("_h[(").append(value).append(" >> 16) + 1]; char compat32_v")
            .append(i).append("_l[(").append(value).append(" & 0xffff) + 1];\n");
        lineToKey.put(line++, i);
      }
      Files.writeString(source, text);
      ToolRun.Result compiled = ToolRun.run(tools.compile(abi, source, object), dir);
      if (compiled.ok()) {
        return read(keys, object, dir);
      }
      Matcher error = ERROR_LINE.matcher(compiled.errors());
      boolean progress = false;
      while (error.find()) {
        Integer key = lineToKey.get(Integer.parseInt(error.group(1)));
        if (key != null) {
          progress |= dropped.add(key);
        }
      }
      if (!progress) {
        throw new ProbeFailure("does not compile on " + abi + ": "
            + HeaderScanner.firstError(compiled.errors()));
      }
    }
    throw new ProbeFailure("on " + abi + ", too many expressions the compiler rejects");
  }

  private static Map<String, Long> read(List<String> keys, Path object, Path dir) throws IOException {
    ToolRun.Result nm = ToolRun.run(List.of("nm", "-S", "--defined-only", object.toString()), dir);
    if (!nm.ok()) {
      throw new IOException("nm failed on " + object + ": " + nm.errors());
    }
    Map<Integer, long[]> halves = new HashMap<>();
    for (String line : nm.output().split("\n")) {
      Matcher m = NM_LINE.matcher(line.strip());
      if (m.matches()) {
        long[] parts = halves.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new long[] {-1, -1});
        parts[m.group(3).equals("h") ? 0 : 1] = Long.parseLong(m.group(1), 16) - 1;
      }
    }
    Map<String, Long> values = new LinkedHashMap<>();
    halves.forEach((index, parts) -> {
      if (parts[0] >= 0 && parts[1] >= 0) {
        values.put(keys.get(index), parts[0] << 16 | parts[1]);
      }
    });
    return values;
  }
}
