package dev.compat32.generator.check;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.AggregateLayout.Member;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.AggregateKind;
import dev.compat32.generator.spec.FieldSpec;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.generator.spec.TypeExpr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;

/**
 * The pass between layout and emission: walks every conversion the plan will emit (each struct,
 * guest layout and union choice) the way the emitters will, and reports, at the spec's location,
 * everything they could not emit safely: unions that would copy pointer bytes, pointers whose
 * target cannot be converted, flexible arrays without a count, counts that cannot be rescaled,
 * {@code live} members that do not exist, counted pointers that lead back to where they started.
 * Nothing is emitted when it reports anything, so the emitters only print.
 */
public final class ConversionCheck {
  private final CodegenPlan plan;
  private final Diagnostics diagnostics;
  // one report per place and message: the same spec line serves several ABIs and choices
  private final Set<String> reported = new HashSet<>();

  private ConversionCheck(CodegenPlan plan, Diagnostics diagnostics) {
    this.plan = plan;
    this.diagnostics = diagnostics;
  }

  public static void run(CodegenPlan plan, Diagnostics diagnostics) {
    ConversionCheck check = new ConversionCheck(plan, diagnostics);
    for (StructSpec struct : plan.layouts().specs().structs()) {
      if (plan.layouts().struct(plan.hostAbi(), struct).isEmpty()) {
        continue;
      }
      List<CodegenPlan.Choice> choices = new ArrayList<>();
      if (plan.isOwn(struct)) {
        choices.add(CodegenPlan.Choice.NONE);
      }
      choices.addAll(plan.choices(struct));
      for (CodegenPlan.Choice choice : choices) {
        for (String abi : plan.classAbis(struct)) {
          check.struct(struct, abi, choice);
        }
      }
      if (plan.isOwn(struct)) {
        check.countedCycles(struct);
      }
    }
  }

  private void struct(StructSpec struct, String abi, CodegenPlan.Choice choice) {
    StructLayout guest = plan.layouts().struct(abi, struct).orElseThrow();
    StructLayout host = plan.layouts().struct(plan.hostAbi(), struct).orElseThrow();
    Walk walk = new Walk(struct, abi, choice);
    if (guest.layout().kind() == AggregateKind.UNION) {
      walk.union(guest.layout(), host.layout(), null, "", struct.defaultMember());
    } else {
      walk.members(guest.layout(), host.layout(), "");
    }
  }

  /** One conversion's walk. */
  private final class Walk {
    private final StructSpec struct;
    private final String abi;
    private final CodegenPlan.Choice choice;

    Walk(StructSpec struct, String abi, CodegenPlan.Choice choice) {
      this.struct = struct;
      this.abi = abi;
      this.choice = choice;
    }

    void members(AggregateLayout g, AggregateLayout h, String prefix) {
      for (Member gm : g.members()) {
        Optional<Member> hm = partner(gm, h);
        if (hm.isPresent()) {
          member(gm, hm.get(), prefix + gm.name().orElse(""));
        }
      }
    }

    void member(Member gm, Member hm, String path) {
      if (gm.isBitfield() || hm.isBitfield()) {
        return;
      }
      FieldSpec spec = gm.spec();
      CType gt = CType.unwrap(gm.type());
      CType ht = CType.unwrap(hm.type());
      if (gt instanceof CType.Aggregate ga && ht instanceof CType.Aggregate ha) {
        boolean union = ga.layout().kind() == AggregateKind.UNION;
        if (spec.inline().isPresent() && union) {
          union(ga.layout(), ha.layout(), spec, path, Optional.empty());
        } else if (spec.inline().isPresent()) {
          members(ga.layout(), ha.layout(), gm.name().isPresent() ? path + "." : prefixOf(path));
        } else if (union && (spec.select().isPresent() || choice.members().containsKey(path))) {
          // a member of a named union type that a select or live picks from: converted here, not by its codec
          union(ga.layout(), ha.layout(), spec, path, namedDefault(ga.layout()));
        }
        return;
      }
      if (gt instanceof CType.Array ga && ga.length() == TypeExpr.FLEXIBLE) {
        flexible(spec, ga, (CType.Array) ht, path);
        return;
      }
      value(gt, ht, spec, path);
    }

    /** Arrays of pointers and pointers themselves. */
    private void value(CType gt, CType ht, FieldSpec spec, String path) {
      if (gt instanceof CType.Array ga && ht instanceof CType.Array ha) {
        value(CType.unwrap(ga.element()), CType.unwrap(ha.element()), spec, path + "[]");
      } else if (gt instanceof CType.Pointer gp && ht instanceof CType.Pointer hp) {
        pointer(spec, gp, hp, path);
      } else if (gt instanceof CType.Pointer != ht instanceof CType.Pointer) {
        error(spec.location(), "'" + path + "' is a pointer on one ABI but not on the other; compat32 cannot convert between them");
      }
    }

    private void pointer(FieldSpec spec, CType.Pointer gp, CType.Pointer hp, String path) {
      spec.pointsTo().ifPresent(pointsTo -> {
        for (PointerRule.Alternative alternative : PointerRule.alternatives(spec, plan.layouts(), abi, plan.hostAbi())) {
          if (alternative.guest().isEmpty() || alternative.host().isEmpty()) {
            error(pointsTo.location(), "'pointsTo' of '" + path + "' names '" + alternative.type() + "', which is no type of the"
                + " specs; expected a C base type, a typedef or a struct");
          } else if (alternative.guest().get().size() == 0) {
            error(pointsTo.location(), "'pointsTo' of '" + path + "' names '" + alternative.type() + "', which has no size to count in");
          } else if (alternative.count().unit() == FieldSpec.CountUnit.BYTES
              && alternative.guest().get().size() != alternative.host().get().size()) {
            // a byte count is rescaled in place by the pointer's declared target, which a choice at run time cannot follow
            error(pointsTo.location(), "'pointsTo' of '" + path + "' names '" + alternative.type() + "', which is "
                + alternative.guest().get().size() + " bytes on " + abi + " and " + alternative.host().get().size() + " on "
                + plan.hostAbi() + ", with a count in bytes; expected its count in elements");
          }
        }
      });
      switch (PointerRule.decide(spec, gp, hp)) {
        case PointerRule.Refused refused -> error(spec.location(), "'" + path + "' of struct '" + struct.name() + "' " + refused.why());
        case PointerRule.DeepCopy copy -> rescalable(copy.count(), copy.guestElement().size(), copy.hostElement().size(), path);
        case PointerRule.Translate translate -> { }
      }
    }

    private void flexible(FieldSpec spec, CType.Array g, CType.Array h, String path) {
      if (spec.count().isEmpty()) {
        error(spec.location(), "flexible array member '" + path + "' of struct '" + struct.name() + "' has no 'count'; expected"
            + " 'count: MEMBER' (elements) or 'count: {field: MEMBER, unit: bytes}'");
        return;
      }
      rescalable(spec.count().get(), g.element().size(), h.element().size(), path);
      value(CType.unwrap(g.element()), CType.unwrap(h.element()), spec.withoutCount(), path + "[]");
    }

    /** A count in bytes of elements that change size is rescaled in place: it must be one member. */
    private void rescalable(FieldSpec.Count count, long guestElement, long hostElement, String path) {
      if (count.unit() == FieldSpec.CountUnit.BYTES && guestElement != hostElement && count.expr().singleMember().isEmpty()) {
        error(count.location(), "the byte count '" + count.text() + "' of '" + path + "' is an expression, but its elements are "
            + guestElement + " bytes on " + abi + " and " + hostElement + " on " + plan.hostAbi() + ", so the count must be"
            + " rescaled in place; expected one member, or a count in elements");
      }
    }

    void union(AggregateLayout g, AggregateLayout h, FieldSpec spec, String path, Optional<String> unionDefault) {
      UnionRule.Handling handling = UnionRule.decide(g, h, spec, Optional.ofNullable(choice.members().get(path)), unionDefault);
      SourceLocation at = spec != null ? spec.location() : struct.location();
      String name = path.isEmpty() ? "union '" + struct.name() + "'" : "union '" + path + "' of struct '" + struct.name() + "'";
      switch (handling) {
        case UnionRule.Refused refused -> error(at, name + " " + refused.why());
        case UnionRule.Live live -> liveMember(g, h, live.member(), path, at, name);
        case UnionRule.Selected selected -> {
          selected.select().cases().values().stream().distinct().forEach(m -> liveMember(g, h, m, path, at, name));
          selected.select().defaultMember().ifPresent(m -> liveMember(g, h, m, path, at, name));
        }
        case UnionRule.SameBytes same -> { }
        case UnionRule.SharedBytes shared -> { }
        case UnionRule.SharedPointer shared -> { }
      }
    }

    private void liveMember(AggregateLayout g, AggregateLayout h, String member, String path, SourceLocation at, String name) {
      Optional<Member> gm = g.members().stream().filter(m -> m.name().equals(Optional.of(member))).findFirst();
      Optional<Member> hm = gm.flatMap(m -> partner(m, h));
      if (gm.isEmpty() || hm.isEmpty()) {
        error(at, "'" + member + "' is named live in " + name + ", but is no member of it; expected one of: "
            + String.join(", ", g.members().stream().flatMap(m -> m.name().stream()).toList()));
        return;
      }
      member(gm.get(), hm.get(), path.isEmpty() ? member : path + "." + member);
    }

    private Optional<String> namedDefault(AggregateLayout union) {
      return union.name().flatMap(n -> plan.layouts().specs().struct(n)).flatMap(StructSpec::defaultMember);
    }
  }

  // ---- counted pointers that lead back ------------------------------------------------------

  /** A deep copy follows counted pointers; one that leads back to a struct on the way would never end. */
  private void countedCycles(StructSpec struct) {
    plan.layouts().struct(plan.hostAbi(), struct).ifPresent(layout ->
        follow(struct.name(), layout.layout(), new LinkedHashSet<>(List.of(struct.name())), false));
  }

  private void follow(String root, AggregateLayout layout, SequencedSet<String> path, boolean viaPointer) {
    for (Member member : layout.members()) {
      CType type = CType.unwrap(member.type());
      while (type instanceof CType.Array array) {
        type = CType.unwrap(array.element());
      }
      switch (type) {
        case CType.Aggregate aggregate -> {
          if (aggregate.layout().name().isEmpty()) {
            follow(root, aggregate.layout(), path, viaPointer);
          } else {
            step(root, aggregate.layout().name().get(), path, viaPointer, member);
          }
        }
        case CType.Pointer pointer when member.spec().count().isPresent() && pointer.target().type().isPresent()
            && CType.unwrap(pointer.target().type().get()) instanceof CType.Aggregate target && target.layout().name().isPresent() ->
            step(root, target.layout().name().get(), path, true, member);
        default -> { }
      }
    }
  }

  private void step(String root, String next, SequencedSet<String> path, boolean viaPointer, Member member) {
    if (next.equals(root)) {
      if (viaPointer) {
        error(member.spec().location(), "counted pointers lead from struct '" + root + "' back to it (" + String.join(" -> ", path)
            + " -> " + root + "); a deep copy would never end; expected 'opaque: true' on one of them");
      }
      return;
    }
    if (path.contains(next)) {
      return;  // a cycle not through the root: reported from its own root
    }
    Optional<StructSpec> spec = plan.layouts().specs().struct(next);
    Optional<StructLayout> layout = spec.flatMap(s -> plan.layouts().struct(plan.hostAbi(), s));
    if (layout.isPresent()) {
      path.addLast(next);
      follow(root, layout.get().layout(), path, viaPointer);
      path.removeLast();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private void error(SourceLocation at, String message) {
    if (reported.add(at + message)) {
      diagnostics.error(at, message);
    }
  }

  /** The member of {@code other} declared by the same spec field as {@code member}. */
  static Optional<Member> partner(Member member, AggregateLayout other) {
    return other.members().stream().filter(m -> m.spec() == member.spec()).findFirst();
  }

  private static String prefixOf(String path) {
    return path.isEmpty() ? "" : path + ".";
  }
}
