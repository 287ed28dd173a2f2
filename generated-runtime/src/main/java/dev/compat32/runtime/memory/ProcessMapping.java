package dev.compat32.runtime.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One mapping of this process, as {@code /proc/self/maps} lists it: {@code [start, end)}, its
 * permissions ({@code rw-p}) and what backs it (a file, {@code [heap]}, or empty for anonymous memory).
 */
public record ProcessMapping(long start, long end, String permissions, String backing) {

  /** The mappings of this process now, in address order. */
  public static List<ProcessMapping> read() {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/self/maps"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/maps", e);
    }
    List<ProcessMapping> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      // 7f0000000000-7f0000001000 rw-p 00000000 00:00 0    /path
      String[] fields = line.trim().split("\\s+", 6);
      int dash = fields[0].indexOf('-');
      out.add(new ProcessMapping(Long.parseUnsignedLong(fields[0], 0, dash, 16),
          Long.parseUnsignedLong(fields[0], dash + 1, fields[0].length(), 16), fields[1], fields.length > 5 ? fields[5] : ""));
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format("0x%x-0x%x %s %s", start, end, permissions, backing).trim();
  }
}
