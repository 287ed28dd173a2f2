package dev.compat32.generator.importer;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The legacy ioctl families whose numbers are plain constants rather than {@code _IOC} forms: a
 * constant of one of these headers in the family's range is an ioctl number. Private ranges
 * ({@code SIOCDEVPRIVATE + n}) count wherever a macro is built from their base.
 */
final class FixedNumberFamilies {
  private record Family(String name, Pattern headers, long from, long to) {}

  private static final List<Family> FAMILIES = List.of(
      new Family("tty 0x54xx", Pattern.compile("asm(-generic)?/ioctls\\.h"), 0x5400, 0x54ff),
      new Family("sockios 0x89xx", Pattern.compile("asm(-generic)?/sockios\\.h|linux/sockios\\.h"), 0x8900, 0x89ff),
      new Family("cdrom 0x53xx", Pattern.compile("linux/cdrom\\.h"), 0x5300, 0x53ff),
      new Family("kd 0x4bxx", Pattern.compile("linux/kd\\.h"), 0x4b00, 0x4bff),
      new Family("vt 0x56xx", Pattern.compile("linux/vt\\.h"), 0x5600, 0x56ff),
      new Family("hdreg 0x03xx", Pattern.compile("linux/hdreg\\.h"), 0x0300, 0x03ff),
      new Family("lp 0x06xx", Pattern.compile("linux/lp\\.h"), 0x0600, 0x06ff));

  /** Macros built from these are in the sockios private ranges, whatever header defines them. */
  private static final Pattern PRIVATE_BASE = Pattern.compile("\\b(SIOCDEVPRIVATE|SIOCPROTOPRIVATE)\\b");

  private FixedNumberFamilies() {}

  /** Whether {@code header} may hold fixed numbers, or {@code body} builds one from a private base. */
  static boolean mayHold(String header, String body) {
    return PRIVATE_BASE.matcher(body).find() || FAMILIES.stream().anyMatch(f -> f.headers().matcher(header).matches());
  }

  /** Whether the constant {@code value} of {@code header}'s macro {@code body} is an ioctl number. */
  static boolean isNumber(String header, String body, long value) {
    if (PRIVATE_BASE.matcher(body).find()) {
      return value >= 0x89e0 && value <= 0x89ff;
    }
    return FAMILIES.stream().anyMatch(f -> f.headers().matcher(header).matches() && value >= f.from() && value <= f.to());
  }
}
