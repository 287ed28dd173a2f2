package dev.compat32.generator.emit;

import java.util.Locale;
import java.util.Set;

/** Java spellings of C names: {@code v4l2_buffer} is {@code V4l2Buffer}, {@code ifr_ifru.ifru_flags} is {@code IFR_IFRU_IFRU_FLAGS}. */
final class JavaNames {
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
      "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
      "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
      "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "record", "var",
      "yield", "sealed", "permits", "true", "false", "null");

  private JavaNames() {}

  /** UpperCamelCase: underscores and dots split words; leading underscores are dropped. */
  static String type(String name) {
    StringBuilder out = new StringBuilder();
    for (String word : name.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    if (out.isEmpty() || !Character.isJavaIdentifierStart(out.charAt(0))) {
      out.insert(0, 'T');
    }
    return out.toString();
  }

  /** lowerCamelCase, never a Java keyword. */
  static String member(String name) {
    String upper = type(name);
    String lower = Character.toLowerCase(upper.charAt(0)) + upper.substring(1);
    return KEYWORDS.contains(lower) ? lower + "_" : lower;
  }

  /** UPPER_SNAKE_CASE of a member path or an ioctl name. */
  static String constant(String name) {
    String out = name.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "").toUpperCase(Locale.ROOT);
    return out.isEmpty() || Character.isDigit(out.charAt(0)) ? "C_" + out : out;
  }
}
