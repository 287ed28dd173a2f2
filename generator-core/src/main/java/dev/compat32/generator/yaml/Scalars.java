package dev.compat32.generator.yaml;

import dev.compat32.generator.diagnostics.Diagnostics;
import java.util.Optional;

/** Scalar conversions with errors that say what was expected. */
public final class Scalars {
  private Scalars() {}

  public static Optional<YamlScalar> asScalar(YamlNode node, String what, Diagnostics diagnostics) {
    if (node instanceof YamlScalar scalar && !scalar.isNull()) {
      return Optional.of(scalar);
    }
    diagnostics.error(node.location(), "expected a value for '" + what + "', found " + node.describe());
    return Optional.empty();
  }

  /**
   * An integer written in decimal, hex ({@code 0x}), octal ({@code 0o}) or binary ({@code 0b}), or a
   * single character, which stands for its code (ioctl types are written {@code 'f'}).
   */
  public static Optional<Long> integer(YamlScalar scalar, String what, long min, long max, Diagnostics diagnostics) {
    String text = scalar.text().strip();
    Long value = null;
    try {
      if (text.length() == 1 && !Character.isDigit(text.charAt(0))) {
        value = (long) text.charAt(0);
      } else if (text.startsWith("0x") || text.startsWith("0X")) {
        value = Long.parseLong(text.substring(2).replace("_", ""), 16);
      } else if (text.startsWith("0o")) {
        value = Long.parseLong(text.substring(2).replace("_", ""), 8);
      } else if (text.startsWith("0b")) {
        value = Long.parseLong(text.substring(2).replace("_", ""), 2);
      } else {
        value = Long.parseLong(text.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      diagnostics.error(scalar.location(), "expected an integer for '" + what + "', found '" + text + "'");
      return Optional.empty();
    }
    if (value < min || value > max) {
      diagnostics.error(scalar.location(), "'" + what + "' is " + text + ", out of range; expected "
          + min + " to " + max + (max > 255 ? " (0x" + Long.toHexString(max) + ")" : ""));
      return Optional.empty();
    }
    return Optional.of(value);
  }

  public static Optional<Boolean> bool(YamlScalar scalar, String what, Diagnostics diagnostics) {
    return switch (scalar.text()) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> {
        diagnostics.error(scalar.location(), "expected true or false for '" + what + "', found '" + scalar.text() + "'");
        yield Optional.empty();
      }
    };
  }
}
