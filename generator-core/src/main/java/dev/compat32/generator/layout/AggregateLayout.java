package dev.compat32.generator.layout;

import dev.compat32.generator.spec.AggregateKind;
import dev.compat32.generator.spec.FieldSpec;
import java.util.List;
import java.util.Optional;

/**
 * The layout of one struct or union on one ABI: its direct members with offsets. Inline members
 * hold their own nested layout.
 */
public record AggregateLayout(Optional<String> name, AggregateKind kind, int size, int align, List<Member> members) {

  public AggregateLayout {
    members = List.copyOf(members);
  }

  /**
   * One direct member.
   *
   * @param offset byte offset; for a bitfield, of its storage unit
   * @param bitOffset for a bitfield, the bit position within its storage unit
   * @param bitWidth for a bitfield, its width in bits
   */
  public record Member(
      Optional<String> name, int offset, CType type, Optional<Integer> bitOffset, Optional<Integer> bitWidth, FieldSpec spec) {

    public boolean isBitfield() {
      return bitWidth.isPresent();
    }

    public boolean isFlexible() {
      return CType.unwrap(type) instanceof CType.Array array && array.length() < 0;
    }

    /** For flexible arrays, the size of one element; otherwise the member size. */
    public int reportedSize() {
      return isFlexible() ? ((CType.Array) CType.unwrap(type)).element().size() : type.size();
    }
  }
}
