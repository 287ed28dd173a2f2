package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One member of a struct or union: either a typed member or an inline (possibly anonymous) union
 * or struct with members of its own.
 *
 * @param type the member type (its {@code default} where it differs by ABI); empty for an inline aggregate
 * @param inline the inline aggregate's kind and members; empty for a typed member
 * @param bits a bitfield's width
 * @param align {@code aligned(N)} on the member
 * @param count for a flexible array or a pointer: the sibling field holding the length
 * @param abis the ABIs that have this member; empty means all
 * @param select for a union member: which of its members is live, by a sibling field's value
 * @param narrowing what a value that does not fit the guest field does on the way back
 * @param dir for a pointer with a count: whether the kernel reads, writes or both what it points to
 * @param address for an integer member that carries a user address: what it points to ({@code void}
 *     when it is only an address); such a member is a pointer to the converters
 * @param opaque for a pointer: only the address is translated, nothing behind it converted
 * @param types the member type per ABI, where it differs by ABI ({@code type: {default: __u32,
 *     i386: __u16}}); {@link PerAbi#absent()} where it does not
 * @param dirBy for a counted pointer whose direction another member's value (or bit) decides
 * @param pointsTo for a counted pointer whose target type another member's value decides
 */
public record FieldSpec(
    Optional<String> name,
    SourceLocation location,
    Optional<TypeExpr> type,
    Optional<Inline> inline,
    Optional<Integer> bits,
    Optional<Integer> align,
    Optional<Count> count,
    Set<String> abis,
    Optional<Select> select,
    Narrowing narrowing,
    DataDirection dir,
    Optional<TypeExpr> address,
    boolean opaque,
    PerAbi<TypeExpr> types,
    Optional<ByMember<DataDirection>> dirBy,
    Optional<ByMember<Target>> pointsTo) {

  /** An inline struct or union. */
  public record Inline(AggregateKind kind, List<FieldSpec> members) {
    public Inline {
      members = List.copyOf(members);
    }
  }

  /** Where a length comes from: a member, a number or an expression of them, in elements or bytes. */
  public record Count(CountExpr expr, String text, CountUnit unit, SourceLocation location) {}

  public enum CountUnit { ELEMENTS, BYTES }

  /**
   * Which union member is live: keyed by the selector field's value, with {@code defaultMember}
   * where no case matches; without a field, {@code defaultMember} is live unless an ioctl's
   * {@code live} says otherwise. No case and no default: nothing of the union is converted but
   * bytes that hold no pointer in any member.
   */
  public record Select(Optional<String> field, Map<Long, String> cases, Optional<String> defaultMember, SourceLocation location) {
    public Select {
      cases = Map.copyOf(cases);
    }
  }

  /**
   * Which way the data behind a deep-copied pointer goes: {@code OUT} (the kernel only writes it,
   * as SIOCGIFCONF's buffer) is not converted on the way in, {@code IN} not on the way out.
   */
  public enum DataDirection {
    IN, OUT, INOUT;

    public boolean toKernel() {
      return this != OUT;
    }

    public boolean fromKernel() {
      return this != IN;
    }
  }

  /**
   * A choice made at run time by the value of another member of the struct, masked: the value a
   * case names, else {@code otherwise} (none: nothing matches).
   */
  public record ByMember<T>(String field, long mask, Map<Long, T> cases, Optional<T> otherwise, SourceLocation location) {
    public ByMember {
      cases = Map.copyOf(cases);
    }
  }

  /** One target a {@code pointsTo} chooses: its type, and its own count where it is not the member's. */
  public record Target(TypeExpr type, Optional<Count> count) {}

  /** What happens to a host value too wide for its guest field. */
  public enum Narrowing { TRUNCATE, EOVERFLOW }

  public FieldSpec {
    abis = Set.copyOf(abis);
  }

  /** The same member without its count: how one element of a counted array is converted. */
  public FieldSpec withoutCount() {
    return new FieldSpec(name, location, type, inline, bits, align, Optional.empty(), abis, select, narrowing, dir, address, opaque,
        types, dirBy, pointsTo);
  }

  /** The member type on {@code abi}: its own where it differs by ABI, else {@link #type}. */
  public Optional<TypeExpr> typeOn(String abi, java.util.function.Function<String, Optional<String>> parentOf) {
    return types.isPresent() ? types.resolve(abi, parentOf) : type;
  }

  /** Whether this member is an integer that carries a user address. */
  public boolean isAddress() {
    return address.isPresent();
  }

  public boolean presentOn(String abi, java.util.function.Function<String, Optional<String>> parentOf) {
    if (abis.isEmpty()) {
      return true;
    }
    for (Optional<String> at = Optional.of(abi); at.isPresent(); at = parentOf.apply(at.get())) {
      if (abis.contains(at.get())) {
        return true;
      }
    }
    return false;
  }

  /** The name used in messages: the member name or "(anonymous union)". */
  public String displayName() {
    return name.orElseGet(() -> "(anonymous " + inline.map(i -> i.kind().keyword()).orElse("member") + ")");
  }
}
