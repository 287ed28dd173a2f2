package dev.compat32.generator.check;

import dev.compat32.generator.layout.ByteShapes;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.spec.FieldSpec;
import dev.compat32.generator.spec.TypeExpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one pointer (or address) member reaches the other side; the one rule for pointers, asked by
 * the check pass and printed by the emitters. A pointer is translated (the address, checked to lie
 * in guest memory, else the no-access page) or deep-copied with its count; never copied.
 */
public final class PointerRule {
  private static final CType BYTE = new CType.Scalar("unsigned char", 1, 1, ScalarKind.UNSIGNED);

  private PointerRule() {}

  public sealed interface Handling {}

  /** Only the address: nothing behind it is converted. */
  public record Translate() implements Handling {}

  /** What it points to is copied to host scratch and converted element by element, as the count says. */
  public record DeepCopy(FieldSpec.Count count, CType guestElement, CType hostElement) implements Handling {}

  public record Refused(String why) implements Handling {}

  /**
   * One target a {@code pointsTo} may choose, resolved on the guest and the host ABI (empty where
   * the name is unknown), with the count that goes with it, the selector values that choose it, and
   * whether it is the default.
   */
  public record Alternative(TypeExpr type, Optional<CType> guest, Optional<CType> host, FieldSpec.Count count, List<Long> values,
      boolean isDefault) {}

  /** The distinct targets of a {@code pointsTo}, in the order the spec names them. */
  public static List<Alternative> alternatives(FieldSpec spec, LayoutSet layouts, String guestAbi, String hostAbi) {
    FieldSpec.ByMember<FieldSpec.Target> pointsTo = spec.pointsTo().orElseThrow();
    Map<String, List<Long>> valuesByKey = new LinkedHashMap<>();
    Map<String, FieldSpec.Target> targets = new LinkedHashMap<>();
    pointsTo.cases().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      targets.putIfAbsent(key(e.getValue()), e.getValue());
      valuesByKey.computeIfAbsent(key(e.getValue()), k -> new ArrayList<>()).add(e.getKey());
    });
    pointsTo.otherwise().ifPresent(d -> targets.putIfAbsent(key(d), d));
    Optional<String> fallback = pointsTo.otherwise().map(PointerRule::key);
    List<Alternative> out = new ArrayList<>();
    targets.forEach((key, target) -> out.add(new Alternative(target.type(), layouts.resolve(guestAbi, target.type()),
        layouts.resolve(hostAbi, target.type()), target.count().or(spec::count).orElseThrow(),
        List.copyOf(valuesByKey.getOrDefault(key, List.of())), fallback.map(key::equals).orElse(false))));
    return out;
  }

  /** Targets with the same type and count are one alternative. */
  private static String key(FieldSpec.Target target) {
    return target.type() + "|" + target.count().map(FieldSpec.Count::text).orElse("");
  }

  public static Handling decide(FieldSpec spec, CType.Pointer guest, CType.Pointer host) {
    if (spec.count().isPresent()) {
      Optional<CType> ge = element(guest);
      Optional<CType> he = element(host);
      if (ge.isEmpty() || he.isEmpty()) {
        return new Refused("points to '" + guest.target().spelling() + "', which is not resolved");
      }
      if (ge.get().size() == 0 || he.get().size() == 0) {
        return new Refused("points to '" + guest.target().spelling() + "', which has no size to count in");
      }
      return new DeepCopy(spec.count().get(), ge.get(), he.get());
    }
    if (guest.target().isOpaque()) {
      return new Translate();
    }
    Optional<CType> gt = guest.target().type();
    Optional<CType> ht = host.target().type();
    if (gt.isPresent() && ht.isPresent() && ByteShapes.sameBytes(gt.get(), ht.get())) {
      return new Translate();  // the kernel reads the guest's own bytes: they mean the same
    }
    return new Refused("points to '" + guest.target().spelling() + "', whose layout differs between the ABIs, and has no"
        + " 'count'; write 'count: 1' to convert the one element it points to, or 'opaque: true' to hand the kernel the"
        + " translated address as it is");
  }

  /** What one counted element is: the target, or a byte for {@code void}. */
  private static Optional<CType> element(CType.Pointer pointer) {
    return pointer.target().isVoid() ? Optional.of(BYTE) : pointer.target().type();
  }
}
