package dev.compat32.runtime.pointers;

import dev.compat32.generator.check.PointerRule;
import dev.compat32.generator.check.UnionRule;
import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.AggregateLayout.Member;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.AggregateKind;
import dev.compat32.generator.spec.FieldSpec;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.generator.spec.TypeExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every pointer and address slot one codec converts, with what must hold for it to be live: the
 * selector values to set (each case of each {@code select}, and a value no case names), the count
 * members to set. Walked from the layouts, as a reader of the C struct would find them.
 */
final class PointerSlots {
  private PointerSlots() {}

  /** A guest value to set before planting: {@code size} bytes at {@code offset}. */
  record Setting(long offset, int size, long value) {}

  /** One live pointer: where it is on each side, whether it is deep-copied, and what makes it live. */
  record Slot(String path, long guestOffset, int guestSize, long hostOffset, int hostSize, boolean deepCopy,
      long hostElementSize, List<Setting> settings) {}

  static List<Slot> of(LayoutSet layouts, String hostAbi, StructSpec struct, String guestAbi, CodegenPlan.Choice choice) {
    StructLayout guest = layouts.struct(guestAbi, struct).orElseThrow();
    StructLayout host = layouts.struct(hostAbi, struct).orElseThrow();
    List<Slot> out = new ArrayList<>();
    Walk walk = new Walk(layouts, hostAbi, guest, 0, choice.members(), out);
    if (guest.layout().kind() == AggregateKind.UNION) {
      walk.union(guest.layout(), host.layout(), null, 0, 0, "", struct.defaultMember(), List.of());
    } else {
      walk.members(guest.layout(), host.layout(), 0, 0, "", List.of());
    }
    return out;
  }

  /** A walk over one struct's codec; {@code base} is where that struct lies in the outermost guest struct. */
  private record Walk(LayoutSet layouts, String hostAbi, StructLayout guest, long base, Map<String, String> live, List<Slot> out) {

    void members(AggregateLayout g, AggregateLayout h, long gBase, long hBase, String prefix, List<Setting> settings) {
      for (Member gm : g.members()) {
        partner(gm, h).ifPresent(hm -> member(gm, hm, gBase + gm.offset(), hBase + hm.offset(), prefix + gm.name().orElse(""),
            settings));
      }
    }

    void member(Member gm, Member hm, long gOff, long hOff, String path, List<Setting> settings) {
      if (gm.isBitfield()) {
        return;
      }
      FieldSpec spec = gm.spec();
      CType gt = CType.unwrap(gm.type());
      CType ht = CType.unwrap(hm.type());
      if (gt instanceof CType.Aggregate ga && ht instanceof CType.Aggregate ha) {
        boolean union = ga.layout().kind() == AggregateKind.UNION;
        Optional<String> namedDefault = ga.layout().name().flatMap(n -> layouts.specs().struct(n)).flatMap(StructSpec::defaultMember);
        if (union && (spec.inline().isPresent() || spec.select().isPresent() || live.containsKey(path))) {
          union(ga.layout(), ha.layout(), spec, gOff, hOff, path, spec.inline().isPresent() ? Optional.empty() : namedDefault, settings);
        } else if (union) {
          // a named union by value: its own codec converts it, by its own default
          union(ga.layout(), ha.layout(), null, gOff, hOff, path, namedDefault, settings);
        } else if (spec.inline().isPresent()) {
          members(ga.layout(), ha.layout(), gOff, hOff, gm.name().isPresent() ? path + "." : prefixOf(path), settings);
        } else {
          // a named struct by value: its own codec converts it, with its own selectors and no union choice
          StructSpec nested = layouts.specs().struct(ga.layout().name().orElseThrow()).orElseThrow();
          StructLayout nestedGuest = layouts.struct(guest.abi(), nested).orElseThrow();
          new Walk(layouts, hostAbi, nestedGuest, gOff, Map.of(), out).members(ga.layout(), ha.layout(), gOff, hOff, path + ".", settings);
        }
        return;
      }
      if (gt instanceof CType.Array ga && ht instanceof CType.Array ha && ga.length() != TypeExpr.FLEXIBLE
          && CType.unwrap(ga.element()) instanceof CType.Pointer gp && CType.unwrap(ha.element()) instanceof CType.Pointer hp) {
        for (int i = 0; i < ga.length(); i++) {
          pointer(spec, gp, hp, gOff + (long) i * gp.size(), hOff + (long) i * hp.size(), path + "[" + i + "]", settings);
        }
        return;
      }
      if (gt instanceof CType.Pointer gp && ht instanceof CType.Pointer hp) {
        pointer(spec, gp, hp, gOff, hOff, path, settings);
      }
    }

    private void pointer(FieldSpec spec, CType.Pointer gp, CType.Pointer hp, long gOff, long hOff, String path, List<Setting> settings) {
      if (spec.pointsTo().isPresent()) {
        // one slot per target the selector can choose, with its own count set
        FieldSpec.ByMember<FieldSpec.Target> pointsTo = spec.pointsTo().get();
        StructLayout.Field selector = field(guest, pointsTo.field());
        long none = pointsTo.cases().keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        for (PointerRule.Alternative alternative : PointerRule.alternatives(spec, layouts, guest.abi(), hostAbi)) {
          List<Setting> all = new ArrayList<>(settings);
          all.add(new Setting(base + selector.offset(), selector.member().type().size(),
              alternative.isDefault() ? none : alternative.values().get(0)));
          counts(alternative.count(), alternative.guest().orElseThrow().size(), all);
          out.add(new Slot(path + " as " + alternative.type(), gOff, gp.size(), hOff, hp.size(), true,
              alternative.host().orElseThrow().size(), all));
        }
        return;
      }
      PointerRule.Handling handling = PointerRule.decide(spec, gp, hp);
      boolean deep = handling instanceof PointerRule.DeepCopy;
      List<Setting> all = new ArrayList<>(settings);
      long hostElement = 0;
      if (handling instanceof PointerRule.DeepCopy copy) {
        hostElement = copy.hostElement().size();
        counts(copy.count(), copy.guestElement().size(), all);
      }
      out.add(new Slot(path, gOff, gp.size(), hOff, hp.size(), deep, hostElement, all));
    }

    /** Sets every member a count reads to one element's worth. */
    private void counts(FieldSpec.Count count, long guestElement, List<Setting> settings) {
      long one = count.unit() == FieldSpec.CountUnit.BYTES ? guestElement : 1;
      for (String member : count.expr().members()) {
        StructLayout.Field field = field(guest, member);
        settings.add(new Setting(base + field.offset(), field.member().type().size(), one));
      }
    }

    void union(AggregateLayout g, AggregateLayout h, FieldSpec spec, long gOff, long hOff, String path, Optional<String> unionDefault,
        List<Setting> settings) {
      switch (UnionRule.decide(g, h, spec, Optional.ofNullable(live.get(path)), unionDefault)) {
        case UnionRule.Live l -> liveMember(g, h, l.member(), gOff, hOff, path, settings);
        case UnionRule.Selected selected -> {
          StructLayout.Field selector = field(guest, selected.select().field().orElseThrow());
          int size = selector.member().type().size();
          selected.select().cases().forEach((value, member) -> {
            List<Setting> with = new ArrayList<>(settings);
            with.add(new Setting(base + selector.offset(), size, value));
            liveMember(g, h, member, gOff, hOff, path, with);
          });
          selected.select().defaultMember().ifPresent(member -> {
            long none = selected.select().cases().keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
            List<Setting> with = new ArrayList<>(settings);
            with.add(new Setting(base + selector.offset(), size, none));
            liveMember(g, h, member, gOff, hOff, path, with);
          });
        }
        case UnionRule.SharedPointer shared -> {
          Member first = shared.members().get(0);
          Member hostFirst = partner(first, h).orElseThrow();
          out.add(new Slot(path, gOff + first.offset(), first.type().size(), hOff + hostFirst.offset(), hostFirst.type().size(),
              false, 0, settings));
        }
        case UnionRule.SameBytes same -> { }
        case UnionRule.SharedBytes shared -> { }
        case UnionRule.Refused refused -> throw new AssertionError("generated although refused: " + path + " " + refused.why());
      }
    }

    private void liveMember(AggregateLayout g, AggregateLayout h, String name, long gOff, long hOff, String path, List<Setting> settings) {
      Member gm = g.members().stream().filter(m -> m.name().equals(Optional.of(name))).findFirst().orElseThrow();
      Member hm = partner(gm, h).orElseThrow();
      member(gm, hm, gOff + gm.offset(), hOff + hm.offset(), path.isEmpty() ? name : path + "." + name, settings);
    }
  }

  private static StructLayout.Field field(StructLayout layout, String path) {
    return layout.fields().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  private static Optional<Member> partner(Member member, AggregateLayout other) {
    return other.members().stream().filter(m -> m.spec() == member.spec()).findFirst();
  }

  private static String prefixOf(String path) {
    return path.isEmpty() ? "" : path + ".";
  }
}
