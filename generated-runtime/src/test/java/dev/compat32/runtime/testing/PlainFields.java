package dev.compat32.runtime.testing;

import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.AggregateKind;
import dev.compat32.generator.spec.FieldSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The integer members of a struct whose value must survive a conversion unchanged: not pointers,
 * not counts of other arrays (they are rescaled), not inside unions whose live member is unknown.
 */
public final class PlainFields {
  /** One integer member on both sides. */
  public record Slot(String path, long guestOffset, int guestSize, long hostOffset, int hostSize, boolean signed,
      FieldSpec.Narrowing narrowing) {}

  private PlainFields() {}

  public static List<Slot> of(StructLayout guest, StructLayout host) {
    Set<String> counts = new HashSet<>();
    guest.fields().forEach(f -> f.member().spec().count().ifPresent(c -> counts.addAll(c.expr().members())));
    List<Slot> out = new ArrayList<>();
    walk(guest.layout(), host.layout(), 0, 0, "", counts, guest.layout().kind() == AggregateKind.UNION, out);
    return out;
  }

  private static void walk(AggregateLayout g, AggregateLayout h, long gBase, long hBase, String prefix, Set<String> counts,
      boolean union, List<Slot> out) {
    if (union) {
      if (!sameSizes(g, h)) {
        return;
      }
      AggregateLayout.Member first = g.members().get(0);
      member(first, h.members().get(0), gBase, hBase, prefix, counts, out);
      return;
    }
    for (AggregateLayout.Member gm : g.members()) {
      Optional<AggregateLayout.Member> hm = h.members().stream().filter(m -> m.spec() == gm.spec()).findFirst();
      if (hm.isPresent() && !gm.isBitfield()) {
        member(gm, hm.get(), gBase, hBase, prefix, counts, out);
      }
    }
  }

  private static void member(AggregateLayout.Member gm, AggregateLayout.Member hm, long gBase, long hBase, String prefix,
      Set<String> counts, List<Slot> out) {
    String path = prefix + gm.name().orElse("");
    if (counts.contains(path)) {
      return;
    }
    value(CType.unwrap(gm.type()), CType.unwrap(hm.type()), gBase + gm.offset(), hBase + hm.offset(), path,
        gm.name().isEmpty() ? prefix : path + ".", gm.spec(), counts, out);
  }

  private static void value(CType g, CType h, long gOff, long hOff, String path, String nested, FieldSpec spec,
      Set<String> counts, List<Slot> out) {
    switch (g) {
      case CType.Scalar s when s.kind().isInteger() && h instanceof CType.Scalar hs ->
          out.add(new Slot(path, gOff, s.size(), hOff, hs.size(), s.kind() == ScalarKind.SIGNED, spec.narrowing()));
      case CType.Array a when a.length() > 0 && h instanceof CType.Array ha -> {
        for (int i = 0; i < a.length(); i++) {
          value(CType.unwrap(a.element()), CType.unwrap(ha.element()), gOff + (long) i * a.element().size(),
              hOff + (long) i * ha.element().size(), path + "[" + i + "]", path + "[" + i + "].", spec, counts, out);
        }
      }
      case CType.Aggregate a when h instanceof CType.Aggregate ha ->
          walk(a.layout(), ha.layout(), gOff, hOff, spec.inline().isPresent() ? nested : path + ".",
              a.layout().name().isPresent() ? Set.of() : counts, a.layout().kind() == AggregateKind.UNION, out);
      default -> { }
    }
  }

  private static boolean sameSizes(AggregateLayout g, AggregateLayout h) {
    if (g.members().size() != h.members().size() || g.size() != h.size()) {
      return false;
    }
    for (int i = 0; i < g.members().size(); i++) {
      if (g.members().get(i).type().size() != h.members().get(i).type().size()) {
        return false;
      }
    }
    return true;
  }
}
