package dev.compat32.generator.report;

import dev.compat32.generator.layout.StructLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a struct's layouts side by side, like pahole: offset, size and type per ABI, each row
 * marked {@code *} where the ABIs differ, with holes (padding) listed per ABI.
 */
public final class LayoutTable {
  private LayoutTable() {}

  public static String render(List<StructLayout> layouts) {
    return render(layouts, "*");
  }

  /**
   * As {@link #render(List)}, rows that differ marked with {@code marker} (a Javadoc table cannot
   * start lines with {@code *}); the types keep theirs.
   */
  public static String render(List<StructLayout> layouts, String marker) {
    List<String> paths = new ArrayList<>();
    List<Map<String, StructLayout.Field>> byAbi = new ArrayList<>();
    for (StructLayout layout : layouts) {
      Map<String, StructLayout.Field> fields = new LinkedHashMap<>();
      for (StructLayout.Field field : layout.fields()) {
        fields.put(field.path(), field);
        if (!paths.contains(field.path())) {
          paths.add(field.path());
        }
      }
      byAbi.add(fields);
    }
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("", "member"));
    for (StructLayout layout : layouts) {
      header.add(layout.abi() + " off");
      header.add("size");
      header.add("type");
    }
    rows.add(header.toArray(String[]::new));
    for (String path : paths) {
      List<String> row = new ArrayList<>();
      List<String> cells = new ArrayList<>();
      for (Map<String, StructLayout.Field> fields : byAbi) {
        Optional<StructLayout.Field> field = Optional.ofNullable(fields.get(path));
        cells.add(field.map(LayoutTable::offset).orElse("-"));
        cells.add(field.map(f -> Integer.toString(f.member().reportedSize())).orElse("-"));
        cells.add(field.map(f -> f.member().type().spelling()).orElse("-"));
      }
      row.add(differs(cells, 3) ? marker : "");
      row.add(path);
      row.addAll(cells);
      rows.add(row.toArray(String[]::new));
    }
    List<String> total = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    for (StructLayout layout : layouts) {
      cells.add("size " + layout.size());
      cells.add("align " + layout.align());
      cells.add(layout.cType());
    }
    total.add(differs(cells.stream().map(c -> c.startsWith("struct") || c.startsWith("union") ? "" : c).toList(), 3) ? marker : "");
    total.add("(total)");
    total.addAll(cells);
    rows.add(total.toArray(String[]::new));
    StringBuilder out = new StringBuilder(format(rows));
    for (StructLayout layout : layouts) {
      List<String> holes = holes(layout);
      if (!holes.isEmpty()) {
        out.append(layout.abi()).append(" holes: ").append(String.join(", ", holes)).append('\n');
      }
    }
    return out.toString();
  }

  private static String offset(StructLayout.Field field) {
    return field.member().isBitfield()
        ? field.offset() + ":" + field.member().bitOffset().orElseThrow() + "+" + field.member().bitWidth().orElseThrow()
        : Integer.toString(field.offset());
  }

  /** Whether the ABI columns (groups of {@code width} cells) are not all the same. */
  private static boolean differs(List<String> cells, int width) {
    for (int i = width; i < cells.size(); i++) {
      if (!cells.get(i).equals(cells.get(i % width))) {
        return true;
      }
    }
    return false;
  }

  /** Byte ranges no top-level member covers: padding the compiler inserted. */
  static List<String> holes(StructLayout layout) {
    List<String> holes = new ArrayList<>();
    int end = 0;
    for (var member : layout.layout().members()) {
      if (member.offset() > end) {
        holes.add(end + ".." + (member.offset() - 1));
      }
      end = Math.max(end, member.offset() + member.type().size());
    }
    if (layout.size() > end) {
      holes.add(end + ".." + (layout.size() - 1) + " (tail)");
    }
    return holes;
  }

  private static String format(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
        if (i < columns - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
