package dev.compat32.generator.check;

import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.ByteShapes;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.spec.FieldSpec;
import java.util.List;
import java.util.Optional;

/**
 * Which bytes of a union are converted, and how. The one rule for unions, asked by the check pass
 * (which reports a refusal at the spec's location) and by the emitters (which print the decision):
 * a union whose bytes differ between the ABIs and that holds a pointer in any member is converted
 * only by a member someone named live, or when every member is the same pointer; never by copying
 * its bytes.
 */
public final class UnionRule {
  private UnionRule() {}

  /** How one union is converted. */
  public sealed interface Handling {}

  /** One member is live: the command's {@code live}, or a {@code default}. */
  public record Live(String member) implements Handling {}

  /** Both layouts are the same bytes, pointer-free: a copy. */
  public record SameBytes() implements Handling {}

  /** A selector member picks the live member at run time, with a default or nothing where no case matches. */
  public record Selected(FieldSpec.Select select) implements Handling {}

  /** No member holds a pointer: the bytes both layouts share are carried. */
  public record SharedBytes() implements Handling {}

  /** Every member is a pointer in the same place: the address is translated once, bounded by the largest counted extent. */
  public record SharedPointer(List<AggregateLayout.Member> members) implements Handling {}

  /** No way to convert it safely: the spec must say which member is live. */
  public record Refused(String why) implements Handling {}

  /**
   * Decides for the union laid out as {@code guest} and {@code host}.
   *
   * @param spec the member that holds the union, or null (a named union's own codec)
   * @param live the member an ioctl's {@code live} names, if any
   * @param unionDefault a named union's own {@code default}
   */
  public static Handling decide(AggregateLayout guest, AggregateLayout host, FieldSpec spec, Optional<String> live,
      Optional<String> unionDefault) {
    if (live.isPresent()) {
      return new Live(live.get());
    }
    if (ByteShapes.sameBytes(guest, host) && !ByteShapes.holdsPointer(new CType.Aggregate(guest))) {
      return new SameBytes();
    }
    Optional<FieldSpec.Select> select = spec == null ? Optional.empty() : spec.select();
    if (select.isPresent() && select.get().field().isPresent()) {
      return new Selected(select.get());
    }
    Optional<String> fallback = select.flatMap(FieldSpec.Select::defaultMember).or(() -> unionDefault);
    if (fallback.isPresent()) {
      return new Live(fallback.get());
    }
    if (!ByteShapes.holdsPointer(new CType.Aggregate(guest)) && !ByteShapes.holdsPointer(new CType.Aggregate(host))) {
      return new SharedBytes();
    }
    if (alikePointers(guest) && alikePointers(host)) {
      return new SharedPointer(guest.members());
    }
    List<String> holders = guest.members().stream().filter(m -> ByteShapes.holdsPointer(m.type()))
        .map(m -> m.name().orElse("(anonymous)")).toList();
    return new Refused("holds pointers (" + String.join(", ", holders) + ") and its bytes differ between the ABIs, but its"
        + " members do not convert alike; say which member is live: 'select' on the member (by a 'field' with 'cases',"
        + " or a 'default'), 'default' on a named union, or 'live' on each ioctl");
  }

  /** Every member is a pointer (or address) at the same offset and of the same size. */
  private static boolean alikePointers(AggregateLayout layout) {
    List<AggregateLayout.Member> members = layout.members();
    if (members.isEmpty()) {
      return false;
    }
    AggregateLayout.Member first = members.get(0);
    return members.stream().allMatch(m -> CType.unwrap(m.type()) instanceof CType.Pointer
        && m.offset() == first.offset() && m.type().size() == first.type().size());
  }
}
