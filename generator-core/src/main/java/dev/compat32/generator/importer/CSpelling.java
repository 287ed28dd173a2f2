package dev.compat32.generator.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A type as clang or the preprocessor spells it, taken apart: its base ({@code struct fiemap},
 * {@code __u32}, {@code unsigned long}), how many {@code *} follow it, its array sizes (-1 for
 * {@code []}), and whether it is a function pointer. Qualifiers are dropped: they change no layout.
 */
record CSpelling(String base, int stars, List<Integer> dimensions, boolean functionPointer) {
  static final int FLEXIBLE = -1;
  private static final Pattern QUALIFIERS = Pattern.compile("\\b(const|volatile|restrict|__restrict)\\b");
  private static final Pattern DIMENSIONS = Pattern.compile("((?:\\[\\s*\\d*\\s*\\]\\s*)+)$");
  private static final Pattern DIMENSION = Pattern.compile("\\[\\s*(\\d*)\\s*\\]");

  static CSpelling parse(String text) {
    String s = QUALIFIERS.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
    if (s.contains("(*")) {
      return new CSpelling("void", 1, List.of(), true);
    }
    List<Integer> dimensions = new ArrayList<>();
    Matcher dims = DIMENSIONS.matcher(s);
    if (dims.find()) {
      Matcher each = DIMENSION.matcher(dims.group(1));
      while (each.find()) {
        dimensions.add(each.group(1).isEmpty() ? FLEXIBLE : Integer.parseInt(each.group(1)));
      }
      s = s.substring(0, dims.start()).strip();
    }
    int stars = 0;
    while (s.endsWith("*")) {
      stars++;
      s = s.substring(0, s.length() - 1).strip();
    }
    return new CSpelling(s, stars, List.copyOf(dimensions), false);
  }

  boolean isTag() {
    return base.startsWith("struct ") || base.startsWith("union ");
  }

  boolean isEnum() {
    return base.startsWith("enum ");
  }

  /** Anonymous records print as {@code union outer::(anonymous at file:line:col)}. */
  boolean isAnonymous() {
    return base.contains("(anonymous") || base.contains("(unnamed");
  }

  /** The array suffix as the spec language writes it. */
  String suffix() {
    StringBuilder out = new StringBuilder();
    for (int d : dimensions) {
      out.append('[').append(d == FLEXIBLE ? "" : Integer.toString(d)).append(']');
    }
    return out.toString();
  }
}
