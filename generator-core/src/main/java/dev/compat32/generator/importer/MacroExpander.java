package dev.compat32.generator.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Pass 2: expands each macro fully with {@code _IOC} redefined to a marker, so every wrapper
 * ({@code _IOWR}, {@code DRM_IOWR}, {@code _SIOR}...) ends in one visible {@code _IOC} form whose
 * {@code sizeof} still names the argument type. Constants of the fixed-number families are kept
 * as candidates; their values decide later.
 */
final class MacroExpander {
  private static final String MARKER = "compat32_IOC";
  private static final String LINE = "compat32_expansion_";
  private static final Pattern INTEGER_EXPRESSION = Pattern.compile("[\\s()0-9a-fA-FxXuUlL+\\-*/<>|&~^]+");
  private static final Pattern INTEGER_LITERAL = Pattern.compile("(0[xX][0-9a-fA-F]+|\\d+)[uUlL]*");

  private MacroExpander() {}

  /** What the expansion found: ioctl macros, fixed-number candidates (macro to expression) and macros left out with why. */
  record Expansion(List<IoctlMacro> ioctls, Map<String, String> skipped) {}

  static Expansion expand(HeaderScanner.Scan scan, Toolchain tools, Path dir) throws IOException {
    List<HeaderScanner.Macro> macros = scan.macros();
    StringBuilder source = new StringBuilder(Toolchain.PRELUDE).append("#include <").append(scan.header()).append(">\n")
        .append("#undef _IOC\n#define _IOC(d, t, n, s) ").append(MARKER).append("(d, t, n, s)\n");
    for (int i = 0; i < macros.size(); i++) {
      source.append(LINE).append(i).append(' ').append(macros.get(i).name()).append('\n');
    }
    Files.createDirectories(dir);
    Path file = dir.resolve("expand.c");
    Files.writeString(file, source);
    ToolRun.Result result = ToolRun.run(tools.preprocess(file, "-P"), dir);
    if (!result.ok()) {
      throw new IOException(scan.header() + ": expanding its macros failed: " + HeaderScanner.firstError(result.errors()));
    }
    Map<Integer, String> expansions = new HashMap<>();
    for (String line : result.output().split("\n")) {
      if (line.startsWith(LINE)) {
        int space = line.indexOf(' ');
        String index = space < 0 ? line.substring(LINE.length()) : line.substring(LINE.length(), space);
        expansions.put(Integer.parseInt(index), space < 0 ? "" : line.substring(space + 1).strip());
      }
    }
    List<IoctlMacro> ioctls = new ArrayList<>();
    Map<String, String> skipped = new java.util.LinkedHashMap<>();
    for (int i = 0; i < macros.size(); i++) {
      HeaderScanner.Macro macro = macros.get(i);
      String text = expansions.getOrDefault(i, "");
      Optional<List<String>> ioc = iocArguments(text);
      if (ioc.isPresent()) {
        String size = stripParens(ioc.get().get(3));
        if (size.startsWith("sizeof")) {
          String type = stripParens(size.substring("sizeof".length()));
          if (isBalancedGroup(size.substring("sizeof".length()).strip())) {
            ioctls.add(new IoctlMacro(macro.name(), scan.header(), i, false, Optional.of(type.replaceAll("\\s+", " ")), OptionalLong.empty()));
          } else {
            skipped.put(macro.name(), "its size is an expression: " + size);
          }
        } else if (INTEGER_LITERAL.matcher(size).matches()) {
          long literal = Long.decode(size.replaceAll("[uUlL]+$", ""));
          ioctls.add(new IoctlMacro(macro.name(), scan.header(), i, false, Optional.empty(), OptionalLong.of(literal)));
        } else {
          skipped.put(macro.name(), "its size is an expression: " + size);
        }
      } else if (!text.isEmpty() && INTEGER_EXPRESSION.matcher(text).matches() && !text.contains(MARKER)
          && FixedNumberFamilies.mayHold(scan.header(), macro.body())) {
        ioctls.add(new IoctlMacro(macro.name(), scan.header(), i, true, Optional.empty(), OptionalLong.empty()));
      }
    }
    return new Expansion(ioctls, skipped);
  }

  /** The four arguments when {@code text} is exactly one (parenthesized) marker call. */
  static Optional<List<String>> iocArguments(String text) {
    String inner = stripParens(text);
    if (!inner.startsWith(MARKER + "(")) {
      return Optional.empty();
    }
    String call = inner.substring(MARKER.length());
    if (!isBalancedGroup(call)) {
      return Optional.empty();
    }
    List<String> arguments = new ArrayList<>();
    int depth = 0;
    int start = 1;
    for (int i = 1; i < call.length() - 1; i++) {
      char c = call.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        arguments.add(call.substring(start, i).strip());
        start = i + 1;
      }
    }
    arguments.add(call.substring(start, call.length() - 1).strip());
    return arguments.size() == 4 ? Optional.of(arguments) : Optional.empty();
  }

  /** Whether {@code text} is one parenthesized group, its first paren closed by its last character. */
  static boolean isBalancedGroup(String text) {
    if (!text.startsWith("(") || !text.endsWith(")")) {
      return false;
    }
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth == 0 && i < text.length() - 1) {
        return false;
      }
    }
    return depth == 0;
  }

  static String stripParens(String text) {
    String out = text.strip();
    while (isBalancedGroup(out)) {
      out = out.substring(1, out.length() - 1).strip();
    }
    return out;
  }
}
