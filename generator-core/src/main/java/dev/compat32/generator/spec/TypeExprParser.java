package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses type spellings: {@code base [*] [N]...}, with an optional {@code struct}/{@code union} keyword. */
final class TypeExprParser {
  private static final Pattern SHAPE =
      Pattern.compile("\\s*(?:(?:struct|union)\\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\\s+[A-Za-z_][A-Za-z0-9_]*)*)\\s*(\\*)?\\s*((?:\\[\\s*\\d*\\s*\\]\\s*)*)");
  private static final Pattern DIMENSION = Pattern.compile("\\[\\s*(\\d*)\\s*\\]");

  private TypeExprParser() {}

  static Optional<TypeExpr> parse(YamlScalar scalar, Diagnostics diagnostics) {
    Matcher shape = SHAPE.matcher(scalar.text());
    if (!shape.matches()) {
      diagnostics.error(scalar.location(), "cannot read type '" + scalar.text()
          + "'; expected a type name, optionally followed by '*' and array sizes, e.g. 'char[16]', 'ifreq *', 'fiemap_extent[]'");
      return Optional.empty();
    }
    String base = shape.group(1).replaceAll("\\s+", " ");
    List<Integer> dimensions = new ArrayList<>();
    Matcher dimension = DIMENSION.matcher(shape.group(3));
    while (dimension.find()) {
      String length = dimension.group(1);
      if (length.isEmpty()) {
        if (!dimensions.isEmpty()) {
          diagnostics.error(scalar.location(), "only the first array dimension may be empty (a flexible array member), in '" + scalar.text() + "'");
          return Optional.empty();
        }
        dimensions.add(TypeExpr.FLEXIBLE);
      } else {
        // a string of digits may not fit a long: compare its length before parsing it; 0 is GNU C's
        // zero-length array, which older UAPI headers use as a flexible array
        long value = length.length() > 8 ? Long.MAX_VALUE : Long.parseLong(length);
        if (value < 0 || value > 1 << 20) {
          diagnostics.error(scalar.location(), "array size " + length + " out of range; expected 0 to " + (1 << 20));
          return Optional.empty();
        }
        dimensions.add((int) value);
      }
    }
    return Optional.of(new TypeExpr(base, shape.group(2) != null, dimensions, scalar.location()));
  }
}
