package dev.compat32.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.compat32.generator.check.PointerRule;
import dev.compat32.generator.check.UnionRule;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.AggregateLayout.Member;
import dev.compat32.generator.layout.ByteShapes;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.AggregateKind;
import dev.compat32.generator.spec.FieldSpec;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.generator.spec.TypeExpr;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the straight-line body of one conversion (guest to host, or host to guest) of one struct:
 * scalars widened with the right extension or narrowed with the spec's rule, pointers translated
 * through guest memory or deep-copied with their count, nested structs delegated to their own
 * codec, unions converted as {@link UnionRule} decides. It only prints: the check pass
 * ({@code ConversionCheck}) has refused, at the spec's location, whatever it could not print
 * safely, so a refusal met here is a bug of compat32's.
 */
final class ConversionWriter {
  enum Direction { TO_HOST, TO_GUEST }

  private final CodegenPlan plan;
  private final StructSpec struct;
  private final String guestAbi;
  private final CodegenPlan.Choice choice;
  private final StructLayout guest;
  private final StructLayout host;
  private final Direction direction;
  private final CodeBlock.Builder code;
  private final Set<String> copiedUnits = new HashSet<>();
  private final Map<String, ByteCount> byteCounts = new LinkedHashMap<>();
  private final int[] locals;
  private final CopyCoalescer copies;
  // the segments this writer reads and writes: the struct's own, or an element buffer's
  private final String gSeg;
  private final String hSeg;

  /** A count member in bytes whose value must be rescaled because its elements change size. */
  private record ByteCount(long guestElement, long hostElement) {}

  ConversionWriter(CodegenPlan plan, StructSpec struct, String guestAbi, CodegenPlan.Choice choice, StructLayout guest,
      StructLayout host, Direction direction) {
    this.plan = plan;
    this.struct = struct;
    this.guestAbi = guestAbi;
    this.choice = choice;
    this.guest = guest;
    this.host = host;
    this.direction = direction;
    this.code = CodeBlock.builder();
    this.locals = new int[1];
    this.copies = new CopyCoalescer();
    this.gSeg = "guest";
    this.hSeg = "host";
    findByteCounts(guest.layout(), host.layout(), "", true);
  }

  /** A writer for elements in other segments, adding to {@code parent}'s code. */
  private ConversionWriter(ConversionWriter parent, String gSeg, String hSeg) {
    this.plan = parent.plan;
    this.struct = parent.struct;
    this.guestAbi = parent.guestAbi;
    this.choice = CodegenPlan.Choice.NONE;
    this.guest = parent.guest;
    this.host = parent.host;
    this.direction = parent.direction;
    this.code = parent.code;
    this.locals = parent.locals;
    this.copies = parent.copies;
    this.gSeg = gSeg;
    this.hSeg = hSeg;
  }

  CodeBlock write() {
    if (guest.layout().kind() == AggregateKind.UNION) {
      union(guest.layout(), host.layout(), null, "g + 0", "h + 0", "", struct.defaultMember());
    } else {
      members(guest.layout(), host.layout(), "g", "h", "");
    }
    copies.flush(code);
    return code.build();
  }

  // ---- which count members need rescaling -----------------------------------------------------

  private void findByteCounts(AggregateLayout g, AggregateLayout h, String prefix, boolean active) {
    for (Member gm : g.members()) {
      Optional<Member> hm = partner(gm, h);
      if (hm.isEmpty()) {
        continue;
      }
      String path = path(prefix, gm);
      boolean memberActive = active;
      if (g.kind() == AggregateKind.UNION) {
        String unionPath = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
        String live = choice.members().get(unionPath);
        memberActive = active && live != null && gm.name().map(live::equals).orElse(false);
      }
      FieldSpec spec = gm.spec();
      if (memberActive && spec.count().isPresent() && spec.count().get().unit() == FieldSpec.CountUnit.BYTES) {
        long ge = elementSize(gm.type());
        long he = elementSize(hm.get().type());
        if (ge != he) {
          // one member: the check pass refused expressions here
          byteCounts.put(spec.count().get().expr().singleMember().orElseThrow(), new ByteCount(ge, he));
        }
      }
      if (spec.inline().isPresent() && CType.unwrap(gm.type()) instanceof CType.Aggregate ga
          && CType.unwrap(hm.get().type()) instanceof CType.Aggregate ha) {
        findByteCounts(ga.layout(), ha.layout(), gm.name().isPresent() ? path + "." : prefix, memberActive);
      }
    }
  }

  // ---- members ---------------------------------------------------------------------------------

  private void members(AggregateLayout g, AggregateLayout h, String gBase, String hBase, String prefix) {
    for (Member gm : g.members()) {
      Optional<Member> hm = partner(gm, h);
      if (hm.isEmpty()) {
        continue;  // the member exists on one ABI only: nothing to carry over
      }
      member(gm, hm.get(), gBase + " + " + gm.offset(), hBase + " + " + hm.get().offset(), path(prefix, gm));
    }
  }

  private void member(Member gm, Member hm, String gOff, String hOff, String path) {
    if (gm.isBitfield() || hm.isBitfield()) {
      bitfield(gm, hm, gOff, hOff, path);
      return;
    }
    ByteCount rescale = byteCounts.get(path);
    if (rescale != null) {
      rescaledCount(gm, hm, gOff, hOff, rescale, path);
      return;
    }
    FieldSpec spec = gm.spec();
    CType gt = CType.unwrap(gm.type());
    CType ht = CType.unwrap(hm.type());
    if (gt instanceof CType.Aggregate ga && ht instanceof CType.Aggregate ha) {
      boolean union = ga.layout().kind() == AggregateKind.UNION;
      if (spec.inline().isPresent() && union) {
        union(ga.layout(), ha.layout(), spec, gOff, hOff, path, Optional.empty());
        return;
      }
      if (spec.inline().isPresent()) {
        members(ga.layout(), ha.layout(), "(" + gOff + ")", "(" + hOff + ")", gm.name().isPresent() ? path + "." : prefixOf(path));
        return;
      }
      if (union && (spec.select().isPresent() || choice.members().containsKey(path))) {
        // a named union that a select or live picks from is converted here, not by its own codec
        union(ga.layout(), ha.layout(), spec, gOff, hOff, path,
            ga.layout().name().flatMap(plan.layouts().specs()::struct).flatMap(StructSpec::defaultMember));
        return;
      }
    }
    if (gt instanceof CType.Array ga && ga.length() == TypeExpr.FLEXIBLE && ht instanceof CType.Array ha) {
      flexible(spec, ga, ha, gOff, hOff, path);
      return;
    }
    if (gt instanceof CType.Pointer gp && ht instanceof CType.Pointer hp) {
      pointer(spec, gp, hp, gOff, hOff, path);
      return;
    }
    value(gm.type(), hm.type(), spec, gOff, hOff, path);
  }

  /** Converts a value of any non-member-specific type: scalar, array, nested struct. */
  private void value(CType guestType, CType hostType, FieldSpec spec, String gOff, String hOff, String path) {
    CType gt = CType.unwrap(guestType);
    CType ht = CType.unwrap(hostType);
    if (ByteShapes.sameBytes(gt, ht)) {
      copy(gOff, hOff, gt, ht, path);
      return;
    }
    switch (gt) {
      case CType.Scalar gs when ht instanceof CType.Scalar hs -> scalar(gs, hs, spec, gOff, hOff, path);
      case CType.Array ga when ht instanceof CType.Array ha -> {
        String i = local("i");
        out().beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, ga.length(), i);
        value(ga.element(), ha.element(), spec, gOff + " + " + i + " * " + ga.element().size(),
            hOff + " + " + i + " * " + ha.element().size(), path + "[]");
        out().endControlFlow();
      }
      case CType.Aggregate ga when ht instanceof CType.Aggregate ha -> nested(ga, ha, gOff, hOff, path);
      case CType.Pointer gp when ht instanceof CType.Pointer hp -> pointer(spec, gp, hp, gOff, hOff, path);
      default -> throw unchecked("'" + path + "' is " + gt.spelling() + " on " + guestAbi + " but " + ht.spelling() + " on "
          + plan.hostAbi());
    }
  }

  private void nested(CType.Aggregate ga, CType.Aggregate ha, String gOff, String hOff, String path) {
    Optional<String> name = ga.layout().name();
    if (name.isPresent()) {
      StructSpec nested = plan.layouts().specs().struct(name.get()).orElseThrow();
      ClassName codec = plan.codecClass(nested, guestAbi, CodegenPlan.Choice.NONE);
      boolean toHost = direction == Direction.TO_HOST;
      out().addStatement(toHost ? "$T.toHost(ctx, $L, $L, $L, $L)" : "$T.toGuest(ctx, $L, $L, $L, $L)",
          codec, toHost ? gSeg : hSeg, toHost ? gOff : hOff, toHost ? hSeg : gSeg, toHost ? hOff : gOff);
    } else if (ga.layout().kind() == AggregateKind.UNION) {
      union(ga.layout(), ha.layout(), null, gOff, hOff, path, Optional.empty());
    } else {
      members(ga.layout(), ha.layout(), "(" + gOff + ")", "(" + hOff + ")", path + ".");
    }
  }

  // ---- scalars ---------------------------------------------------------------------------------

  private void scalar(CType.Scalar g, CType.Scalar h, FieldSpec spec, String gOff, String hOff, String path) {
    if (g.kind() == ScalarKind.FLOAT || h.kind() == ScalarKind.FLOAT) {
      if (g.size() != h.size()) {
        throw unchecked("'" + path + "' is a " + g.size() + "-byte float on " + guestAbi + " and " + h.size() + " bytes on "
            + plan.hostAbi());
      }
      copy(gOff, hOff, g, h, path);
      return;
    }
    boolean toHost = direction == Direction.TO_HOST;
    CType.Scalar from = toHost ? g : h;
    CType.Scalar to = toHost ? h : g;
    String fromSeg = toHost ? gSeg : hSeg;
    String toSeg = toHost ? hSeg : gSeg;
    String fromOff = toHost ? gOff : hOff;
    String toOff = toHost ? hOff : gOff;
    CodeBlock read = read(fromSeg, fromOff, from.size(), from.kind() == ScalarKind.SIGNED);
    if (to.size() < from.size() && spec.narrowing() == FieldSpec.Narrowing.EOVERFLOW) {
      read = CodeBlock.of("$T.$L($L, $L, $S)", RuntimeTypes.NARROW, to.kind() == ScalarKind.SIGNED ? "signed" : "unsigned",
          read, to.size() * 8, struct.name() + "." + path);
    }
    write(toSeg, toOff, to.size(), read, path);
  }

  /** A count in bytes of elements whose size differs: rescaled so it counts the same elements. */
  private void rescaledCount(Member gm, Member hm, String gOff, String hOff, ByteCount rescale, String path) {
    boolean toHost = direction == Direction.TO_HOST;
    CType.Scalar from = (CType.Scalar) CType.unwrap(toHost ? gm.type() : hm.type());
    CType.Scalar to = (CType.Scalar) CType.unwrap(toHost ? hm.type() : gm.type());
    long fromElement = toHost ? rescale.guestElement() : rescale.hostElement();
    long toElement = toHost ? rescale.hostElement() : rescale.guestElement();
    CodeBlock read = read(toHost ? gSeg : hSeg, toHost ? gOff : hOff, from.size(), from.kind() == ScalarKind.SIGNED);
    // clamped to the destination's range: a huge or negative guest length must not wrap into a plausible one
    write(toHost ? hSeg : gSeg, toHost ? hOff : gOff, to.size(),
        CodeBlock.of("$T.rescale($L, $L, $L, $L)", RuntimeTypes.COUNTS, read, fromElement, toElement, to.size()),
        path + " (bytes, rescaled)");
  }

  private CodeBlock read(String segment, String offset, int size, boolean signed) {
    return ScalarAccess.read(segment, offset, size, signed);
  }

  /** A store, commented with the member it is for, so the generated code reads member by member. */
  private void write(String segment, String offset, int size, CodeBlock value, String path) {
    out().add("$L;$L\n", ScalarAccess.write(segment, offset, size, value), path.isEmpty() ? "" : " // " + path);
  }

  /** Copies a member whose bytes mean the same on both sides. */
  private void copy(String gOff, String hOff, CType guestType, CType hostType, String path) {
    boolean toHost = direction == Direction.TO_HOST;
    copies.copy(code, toHost ? gSeg : hSeg, toHost ? gOff : hOff, toHost ? hSeg : gSeg, toHost ? hOff : gOff,
        CopyCoalescer.Bytes.of(guestType, hostType), path);
  }

  /** Copies bytes {@code [start, end)} of a union that no member holds a pointer in, on either side. */
  private void copyShared(AggregateLayout g, AggregateLayout h, String gOff, String hOff, long start, long end, String path) {
    boolean toHost = direction == Direction.TO_HOST;
    copies.copy(code, toHost ? gSeg : hSeg, toHost ? gOff + " + " + start : hOff + " + " + start, toHost ? hSeg : gSeg,
        toHost ? hOff + " + " + start : gOff + " + " + start, CopyCoalescer.Bytes.ofUnion(g, h, start, end), path);
  }

  /** The code, with any held-back copy written first: every statement but a copy goes through here. */
  private CodeBlock.Builder out() {
    copies.flush(code);
    return code;
  }

  // ---- bitfields -------------------------------------------------------------------------------

  private void bitfield(Member gm, Member hm, String gOff, String hOff, String path) {
    boolean inPlace = gm.offset() == hm.offset() && gm.bitOffset().equals(hm.bitOffset()) && gm.type().size() == hm.type().size();
    if (inPlace && gm.bitWidth().equals(hm.bitWidth())) {
      // the whole storage unit is copied once; every bitfield in it comes along
      if (copiedUnits.add(gOff + "/" + gm.type().size())) {
        copy(gOff, hOff, gm.type(), hm.type(), path);
      }
      return;
    }
    // the bitfield moves (the storage units are placed differently): carry its value across
    boolean toHost = direction == Direction.TO_HOST;
    Member from = toHost ? gm : hm;
    Member to = toHost ? hm : gm;
    String fromSeg = toHost ? gSeg : hSeg;
    String toSeg = toHost ? hSeg : gSeg;
    String fromOff = toHost ? gOff : hOff;
    String toOff = toHost ? hOff : gOff;
    int fromSize = from.type().size();
    int toSize = to.type().size();
    CodeBlock value = ScalarAccess.extractBits(ScalarAccess.read(fromSeg, fromOff, fromSize, false),
        from.bitOffset().orElseThrow(), from.bitWidth().orElseThrow(),
        ((CType.Scalar) CType.unwrap(from.type())).kind() == ScalarKind.SIGNED);
    write(toSeg, toOff, toSize, ScalarAccess.insertBits(ScalarAccess.read(toSeg, toOff, toSize, false),
        to.bitOffset().orElseThrow(), to.bitWidth().orElseThrow(), value), path);
  }

  // ---- unions ----------------------------------------------------------------------------------

  private void union(AggregateLayout g, AggregateLayout h, FieldSpec spec, String gOff, String hOff, String path,
      Optional<String> unionDefault) {
    switch (UnionRule.decide(g, h, spec, Optional.ofNullable(choice.members().get(path)), unionDefault)) {
      case UnionRule.Live live -> live(g, h, live.member(), gOff, hOff, path);
      case UnionRule.SameBytes same -> copy(gOff, hOff, new CType.Aggregate(g), new CType.Aggregate(h), path);
      case UnionRule.SharedBytes shared -> copyShared(g, h, gOff, hOff, 0, Math.min(g.size(), h.size()), path);
      case UnionRule.Selected selected -> selected(g, h, selected.select(), gOff, hOff, path);
      case UnionRule.SharedPointer shared -> sharedPointer(g, h, shared.members(), gOff, hOff, path);
      case UnionRule.Refused refused -> throw unchecked("union '" + path + "' " + refused.why());
    }
  }

  /**
   * Converts the live member, then carries the union's bytes past it, as the kernel copies the
   * whole union: all of them back to the guest (what the kernel wrote there), but toward the host
   * only those no member holds a pointer in, so guest bytes never land in a host pointer.
   */
  private void live(AggregateLayout g, AggregateLayout h, String live, String gOff, String hOff, String path) {
    Member gm = g.members().stream().filter(m -> m.name().equals(Optional.of(live))).findFirst()
        .orElseThrow(() -> unchecked("'live' names '" + live + "', no member of union '" + path + "'"));
    Member hm = partner(gm, h).orElseThrow(() -> unchecked("'" + live + "' of union '" + path + "' has no host member"));
    member(gm, hm, gOff, hOff, path.isEmpty() ? live : path + "." + live);
    long end = Math.max(gm.offset() + gm.type().size(), hm.offset() + hm.type().size());
    long shared = Math.min(g.size(), h.size());
    if (end >= shared) {
      return;
    }
    if (direction == Direction.TO_GUEST) {
      copies.copy(code, hSeg, hOff + " + " + end, gSeg, gOff + " + " + end, CopyCoalescer.Bytes.carried(shared - end), path);
      return;
    }
    for (ByteShapes.Range free : CopyCoalescer.Bytes.pointerFree(g, h, end, shared)) {
      copyShared(g, h, gOff, hOff, free.start(), free.end(), path);
    }
  }

  private void selected(AggregateLayout g, AggregateLayout h, FieldSpec.Select select, String gOff, String hOff, String path) {
    boolean toHost = direction == Direction.TO_HOST;
    StructLayout.Field selector = field(toHost ? guest : host, select.field().orElseThrow());
    CType.Scalar type = (CType.Scalar) CType.unwrap(selector.member().type());
    String value = local("selector");
    out().addStatement("long $L = $L", value, read(toHost ? gSeg : hSeg, (toHost ? "g" : "h") + " + " + selector.offset(),
        type.size(), type.kind() == ScalarKind.SIGNED));
    Map<String, java.util.List<Long>> byMember = new LinkedHashMap<>();
    select.cases().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> byMember.computeIfAbsent(e.getValue(), k -> new java.util.ArrayList<>()).add(e.getKey()));
    boolean first = true;
    for (Map.Entry<String, java.util.List<Long>> entry : byMember.entrySet()) {
      StringBuilder condition = new StringBuilder();
      for (long caseValue : entry.getValue()) {
        condition.append(condition.isEmpty() ? "" : " || ").append(value).append(" == ").append(caseValue).append("L");
      }
      out().beginControlFlow(first ? "if ($L)" : "else if ($L)", condition);
      first = false;
      live(g, h, entry.getKey(), gOff, hOff, path);
      out().endControlFlow();
    }
    if (select.defaultMember().isPresent()) {
      out().beginControlFlow("else");
      live(g, h, select.defaultMember().get(), gOff, hOff, path);
      out().endControlFlow();
    } else if (!ByteShapes.holdsPointer(new CType.Aggregate(g)) && !ByteShapes.holdsPointer(new CType.Aggregate(h))) {
      out().beginControlFlow("else");
      copyShared(g, h, gOff, hOff, 0, Math.min(g.size(), h.size()), path);
      out().endControlFlow();
    }
    // otherwise no case: nothing is converted (the host side stays zero), as the compat handlers leave it
  }

  /** Every member is the same pointer: its address is translated, bounded by the largest extent any member counts. */
  private void sharedPointer(AggregateLayout g, AggregateLayout h, java.util.List<Member> members, String gOff, String hOff,
      String path) {
    Member first = members.get(0);
    Member hostFirst = partner(first, h).orElseThrow();
    CType.Pointer gp = (CType.Pointer) CType.unwrap(first.type());
    CType.Pointer hp = (CType.Pointer) CType.unwrap(hostFirst.type());
    String g0 = gOff + " + " + first.offset();
    String h0 = hOff + " + " + hostFirst.offset();
    if (direction == Direction.TO_GUEST) {
      write(gSeg, g0, gp.size(), CodeBlock.of("ctx.guestAddress($L, $L)", read(hSeg, h0, hp.size(), false),
          read(gSeg, g0, gp.size(), false)), path);
      return;
    }
    java.util.List<CodeBlock> extents = new java.util.ArrayList<>();
    for (Member m : members) {
      CType.Pointer p = (CType.Pointer) CType.unwrap(m.type());
      if (m.spec().count().isPresent() && PointerRule.decide(m.spec(), p, (CType.Pointer) CType.unwrap(partner(m, h).orElseThrow().type()))
          instanceof PointerRule.DeepCopy copy) {
        long element = copy.guestElement().size();
        extents.add(CodeBlock.of("$T.bytes($L, $L)", RuntimeTypes.COUNTS,
            CountCode.elements(m.spec().count().get(), guest, gSeg, "g", element), element));
      }
    }
    CodeBlock address = read(gSeg, g0, gp.size(), false);
    if (extents.isEmpty()) {
      write(hSeg, h0, hp.size(), CodeBlock.of("ctx.hostAddress($L)", address), path);
      return;
    }
    CodeBlock extent = extents.get(0);
    for (CodeBlock more : extents.subList(1, extents.size())) {
      extent = CodeBlock.of("Math.max($L, $L)", extent, more);
    }
    String pointer = local("guestPointer");
    out().addStatement("long $L = $L", pointer, address);
    write(hSeg, h0, hp.size(), CodeBlock.of("$L == 0 ? 0L : ctx.isGuest($L, $L) ? ctx.hostAddress($L) : $T.ADDRESS", pointer,
        pointer, extent, pointer, RuntimeTypes.NO_ACCESS_PAGE), path);
  }

  // ---- pointers and arrays with a count --------------------------------------------------------

  private void pointer(FieldSpec spec, CType.Pointer g, CType.Pointer h, String gOff, String hOff, String path) {
    boolean toHost = direction == Direction.TO_HOST;
    PointerRule.DeepCopy copy = switch (PointerRule.decide(spec, g, h)) {
      case PointerRule.Translate translate -> null;
      case PointerRule.DeepCopy deep -> deep;
      case PointerRule.Refused refused -> throw unchecked("'" + path + "' " + refused.why());
    };
    if (copy == null) {
      // only the address: translated so the kernel reaches guest memory directly, or the no-access page
      if (toHost) {
        write(hSeg, hOff, h.size(), CodeBlock.of("ctx.hostAddress($L)", read(gSeg, gOff, g.size(), false)), path);
      } else {
        write(gSeg, gOff, g.size(), CodeBlock.of("ctx.guestAddress($L, $L)", read(hSeg, hOff, h.size(), false),
            read(gSeg, gOff, g.size(), false)), path);
      }
      return;
    }
    if (spec.pointsTo().isEmpty()) {
      deepCopy(spec, g, h, gOff, hOff, path, copy.count(), copy.guestElement(), copy.hostElement());
      return;
    }
    // the target is chosen at run time by another member: one deep copy per target, the default last
    List<PointerRule.Alternative> alternatives = PointerRule.alternatives(spec, plan.layouts(), guestAbi, plan.hostAbi());
    String selector = byMember(spec.pointsTo().get());
    boolean first = true;
    for (PointerRule.Alternative alternative : alternatives) {
      if (alternative.isDefault()) {
        continue;
      }
      out().beginControlFlow(first ? "if ($L)" : "else if ($L)", anyOf(selector, alternative.values()));
      first = false;
      deepCopy(spec, g, h, gOff, hOff, path, alternative.count(), alternative.guest().orElseThrow(), alternative.host().orElseThrow());
      out().endControlFlow();
    }
    if (!first) {
      out().beginControlFlow("else");
    }
    Optional<PointerRule.Alternative> otherwise = alternatives.stream().filter(PointerRule.Alternative::isDefault).findFirst();
    if (otherwise.isPresent()) {
      PointerRule.Alternative a = otherwise.get();
      deepCopy(spec, g, h, gOff, hOff, path, a.count(), a.guest().orElseThrow(), a.host().orElseThrow());
    } else if (direction == Direction.TO_HOST) {
      // no target known: the kernel gets a pointer it faults on when it follows it
      write(hSeg, hOff, h.size(), CodeBlock.of("$L == 0 ? 0L : $T.ADDRESS", read(gSeg, gOff, g.size(), false),
          RuntimeTypes.NO_ACCESS_PAGE), path);
    }
    if (!first) {
      out().endControlFlow();
    }
  }

  /** Deep-copies {@code count} elements behind a pointer, in the directions the spec gives (fixed or by a member). */
  private void deepCopy(FieldSpec spec, CType.Pointer g, CType.Pointer h, String gOff, String hOff, String path, FieldSpec.Count counted,
      CType ge, CType he) {
    boolean toHost = direction == Direction.TO_HOST;
    Optional<CodeBlock> moves = dataMoves(spec, toHost);
    if (moves.isEmpty()) {
      if (!toHost) {
        return;  // the kernel only reads what it points to: nothing comes back
      }
    }
    String count = local("count");
    String guestPointer = local("guestPointer");
    out().addStatement("long $L = $L", guestPointer, read(gSeg, gOff, g.size(), false));
    if (toHost) {
      out().addStatement("long $L = $L", count, countOf(counted, ge.size(), he.size()));
      out().beginControlFlow("if ($L == 0)", guestPointer);
      write(hSeg, hOff, h.size(), CodeBlock.of("0L"), path);
      out().nextControlFlow("else if (ctx.memory().available($L) == 0)", guestPointer);
      // not guest memory: the kernel gets a pointer it faults on when (if) it follows it
      write(hSeg, hOff, h.size(), CodeBlock.of("$T.ADDRESS", RuntimeTypes.NO_ACCESS_PAGE), path);
      out().nextControlFlow("else");
      // where the elements run past guest memory, the host copy holds those that lie in it and ends
      // at a no-access page, so the kernel reads, writes and faults where the i386 process would
      String inGuest = local("inGuest");
      String to = local("to");
      out().addStatement("long $L = ctx.isGuest($L, $T.bytes($L, $L)) ? $L : ctx.memory().available($L) / $L", inGuest, guestPointer,
          RuntimeTypes.COUNTS, count, ge.size(), count, guestPointer, ge.size());
      out().addStatement("$T $L = $L == $L ? ctx.boundedScratch($T.bytes($L, $L), $L)"
          + " : ctx.edgeScratch(Math.min($T.bytes($L, $L), $T.SCRATCH_CAP), $L)", RuntimeTypes.MEMORY_SEGMENT, to, inGuest, count,
          RuntimeTypes.COUNTS, count, he.size(), he.align(), RuntimeTypes.COUNTS, inGuest, he.size(), RuntimeTypes.CONTEXT, he.align());
      if (moves.isPresent()) {
        boolean always = moves.get().toString().equals("true");
        if (!always) {
          out().beginControlFlow("if ($L)", moves.get());
        }
        // past the scratch cap the host copy is cut short where a no-access page begins: convert what it holds
        String converted = local("converted");
        out().addStatement("long $L = Math.min($L, $L.byteSize() / $L)", converted, inGuest, to, he.size());
        String from = local("from");
        out().addStatement("$T $L = ctx.guest($L, $L * $L)", RuntimeTypes.MEMORY_SEGMENT, from, guestPointer, converted, ge.size());
        elements(ge, he, spec.withoutCount(), from, to, converted, path);
        if (!always) {
          out().endControlFlow();
        }
      }
      write(hSeg, hOff, h.size(), CodeBlock.of("$L.address()", to), path);
      out().endControlFlow();
    } else {
      String hostPointer = local("hostPointer");
      out().addStatement("long $L = $L", hostPointer, read(hSeg, hOff, h.size(), false));
      boolean always = moves.get().toString().equals("true");
      out().beginControlFlow(always ? "if ($L != 0 && $L != 0 && $L != $T.ADDRESS)" : "if ($L != 0 && $L != 0 && $L != $T.ADDRESS && $L)",
          always ? new Object[] {guestPointer, hostPointer, hostPointer, RuntimeTypes.NO_ACCESS_PAGE}
              : new Object[] {guestPointer, hostPointer, hostPointer, RuntimeTypes.NO_ACCESS_PAGE, moves.get()});
      // what the count says, but never past the host copy (cut short at guest memory's end) or guest memory
      out().addStatement("long $L = Math.min($L, Math.min(ctx.hostAvailable($L) / $L, ctx.memory().available($L) / $L))", count,
          countOf(counted, ge.size(), he.size()), hostPointer, he.size(), guestPointer, ge.size());
      String from = local("from");
      String to = local("to");
      out().addStatement("$T $L = ctx.hostBuffer($L, $L * $L)", RuntimeTypes.MEMORY_SEGMENT, from, hostPointer, count, he.size());
      out().addStatement("$T $L = ctx.guest($L, $L * $L)", RuntimeTypes.MEMORY_SEGMENT, to, guestPointer, count, ge.size());
      elements(ge, he, spec.withoutCount(), to, from, count, path);
      out().endControlFlow();
    }
  }

  /**
   * Whether the data behind a pointer moves in this writer's direction: {@code true}, empty (never),
   * or a condition on the member the spec's {@code dir} names.
   */
  private Optional<CodeBlock> dataMoves(FieldSpec spec, boolean toHost) {
    if (spec.dirBy().isEmpty()) {
      return (toHost ? spec.dir().toKernel() : spec.dir().fromKernel()) ? Optional.of(CodeBlock.of("true")) : Optional.empty();
    }
    FieldSpec.ByMember<FieldSpec.DataDirection> by = spec.dirBy().get();
    java.util.function.Predicate<FieldSpec.DataDirection> moves = toHost ? FieldSpec.DataDirection::toKernel
        : FieldSpec.DataDirection::fromKernel;
    List<Long> yes = by.cases().entrySet().stream().filter(e -> moves.test(e.getValue())).map(Map.Entry::getKey).sorted().toList();
    List<Long> no = by.cases().entrySet().stream().filter(e -> !moves.test(e.getValue())).map(Map.Entry::getKey).sorted().toList();
    boolean otherwise = moves.test(by.otherwise().orElse(FieldSpec.DataDirection.INOUT));
    String value = byMember(by);
    return Optional.of(otherwise ? CodeBlock.of("!($L)", anyOf(value, no)) : anyOf(value, yes));
  }

  /** Reads the member a choice is made by, masked, into a local on this direction's source side; returns its name. */
  private String byMember(FieldSpec.ByMember<?> by) {
    boolean toHost = direction == Direction.TO_HOST;
    StructLayout.Field field = field(toHost ? guest : host, by.field());
    CType.Scalar type = (CType.Scalar) CType.unwrap(field.member().type());
    String value = local("by");
    CodeBlock read = read(toHost ? gSeg : hSeg, (toHost ? "g" : "h") + " + " + field.offset(), type.size(),
        type.kind() == ScalarKind.SIGNED);
    out().addStatement("long $L = $L", value, by.mask() == -1 ? read : CodeBlock.of("$L & 0x$LL", read, Long.toHexString(by.mask())));
    return value;
  }

  private static CodeBlock anyOf(String value, List<Long> values) {
    if (values.isEmpty()) {
      return CodeBlock.of("false");
    }
    StringBuilder condition = new StringBuilder();
    for (long v : values) {
      condition.append(condition.isEmpty() ? "" : " || ").append(value).append(" == ").append(v).append("L");
    }
    return CodeBlock.of("$L", condition);
  }

  private void flexible(FieldSpec spec, CType.Array g, CType.Array h, String gOff, String hOff, String path) {
    FieldSpec.Count counted = spec.count().orElseThrow(() -> unchecked("flexible array '" + path + "' without a count"));
    CType ge = g.element();
    CType he = h.element();
    String count = local("count");
    out().addStatement("long $L = $L", count, countOf(counted, ge.size(), he.size()));
    // never past either buffer, whatever the count says
    out().addStatement("$L = Math.min($L, Math.min(($L.byteSize() - ($L)) / $L, ($L.byteSize() - ($L)) / $L))",
        count, count, gSeg, gOff, ge.size(), hSeg, hOff, he.size());
    String guestPart = local("guestPart");
    String hostPart = local("hostPart");
    out().addStatement("$T $L = $L.asSlice($L, Math.max(0, $L) * $L)", RuntimeTypes.MEMORY_SEGMENT, guestPart, gSeg, gOff, count, ge.size());
    out().addStatement("$T $L = $L.asSlice($L, Math.max(0, $L) * $L)", RuntimeTypes.MEMORY_SEGMENT, hostPart, hSeg, hOff, count, he.size());
    elements(ge, he, spec.withoutCount(), guestPart, hostPart, count, path);
  }

  /** Converts {@code count} elements between two segments, in this writer's direction. */
  private void elements(CType ge, CType he, FieldSpec spec, String guestSeg, String hostSeg, String count, String path) {
    boolean toHost = direction == Direction.TO_HOST;
    if (ByteShapes.sameBytes(ge, he)) {
      CopyCoalescer.Bytes.of(ge, he);  // refuses pointer bytes, as every copy does
      out().addStatement("$T.copy($L, 0, $L, 0, $L * $L)", RuntimeTypes.MEMORY_SEGMENT, toHost ? guestSeg : hostSeg,
          toHost ? hostSeg : guestSeg, count, ge.size());
      return;
    }
    String i = local("i");
    out().beginControlFlow("for (long $L = 0; $L < $L; $L++)", i, i, count, i);
    new ConversionWriter(this, guestSeg, hostSeg).value(ge, he, spec, i + " * " + ge.size(), i + " * " + he.size(), path + "[]");
    out().endControlFlow();
  }

  /** The element count a count gives, read on this direction's source side. */
  private CodeBlock countOf(FieldSpec.Count count, long guestElement, long hostElement) {
    boolean toHost = direction == Direction.TO_HOST;
    return CountCode.elements(count, toHost ? guest : host, toHost ? gSeg : hSeg, toHost ? "g" : "h",
        toHost ? guestElement : hostElement);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The size of one counted element of a pointer or flexible array member. */
  private static long elementSize(CType type) {
    CType t = CType.unwrap(type);
    if (t instanceof CType.Pointer p) {
      return p.target().isVoid() ? 1 : p.target().type().map(CType::size).orElse(0);
    }
    if (t instanceof CType.Array a) {
      return a.element().size();
    }
    return t.size();
  }

  private static StructLayout.Field field(StructLayout layout, String path) {
    return layout.fields().stream().filter(f -> f.path().equals(path)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no member " + path + " in " + layout.name()));
  }

  /** The host member declared by the same spec field as {@code member}. */
  private static Optional<Member> partner(Member member, AggregateLayout other) {
    return other.members().stream().filter(m -> m.spec() == member.spec()).findFirst();
  }

  private static String path(String prefix, Member member) {
    return prefix + member.name().orElse("");
  }

  private static String prefixOf(String path) {
    return path.isEmpty() ? "" : path + ".";
  }

  private String local(String base) {
    return base + (locals[0]++);
  }

  private IllegalStateException unchecked(String what) {
    return new IllegalStateException("compat32 bug: the check pass let through, in struct '" + struct.name() + "' on "
        + guestAbi + ": " + what);
  }
}
