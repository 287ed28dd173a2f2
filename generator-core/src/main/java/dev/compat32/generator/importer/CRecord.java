package dev.compat32.generator.importer;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A struct or union as clang's AST declares it: its tag name (empty when anonymous), the file it is
 * declared in, its members in order, and the attributes that change its layout ({@code pragmaPack}:
 * declared under {@code #pragma pack}, whose value the AST does not print).
 */
record CRecord(String id, String kind, Optional<String> name, String file, List<Member> members, boolean packed,
    OptionalInt aligned, boolean pragmaPack) {

  /** {@code struct NAME} or {@code union NAME}; only for named records. */
  String tag() {
    return kind + " " + name.orElseThrow();
  }

  /**
   * One member: its name (empty for an anonymous union or struct), its type as clang spells it, or
   * the inline record it defines, and its bitfield width and {@code aligned} attribute.
   */
  record Member(String name, String type, Optional<CRecord> inline, OptionalInt bits, OptionalInt aligned) {}
}
