package dev.compat32.generator.layout;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import dev.compat32.generator.diagnostics.Suggestion;
import dev.compat32.generator.spec.AbiSpec;
import dev.compat32.generator.spec.AggregateKind;
import dev.compat32.generator.spec.FieldSpec;
import dev.compat32.generator.spec.SpecSet;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.generator.spec.TypeExpr;
import dev.compat32.generator.spec.TypedefSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * Resolves type names and lays out structs for one ABI by the C rules its base types imply (i386
 * SysV, x86_64 psABI, AAPCS64 all place members the same way; only sizes and alignments differ):
 * each member at the next multiple of its alignment, bitfields packed into storage units of their
 * declared type, the size rounded up to the largest alignment.
 */
final class AbiTypeResolver {
  /** The largest type laid out: sizes stay ints with room to add members. */
  static final long MAX_TYPE_BYTES = 1 << 30;
  /** The deepest nesting of structs and typedefs laid out; the kernel's go a handful deep. */
  static final int MAX_NESTING = 64;

  private final SpecSet specs;
  private final String abi;
  private final Diagnostics diagnostics;
  private final Map<String, AbiSpec.BaseType> baseTypes = new HashMap<>();
  private final boolean charSigned;
  private final Map<String, AggregateLayout> structCache = new HashMap<>();
  private final SequencedSet<String> inProgress = new LinkedHashSet<>();
  private boolean nestingReported;

  AbiTypeResolver(SpecSet specs, String abi, Diagnostics diagnostics) {
    this.specs = specs;
    this.abi = abi;
    this.diagnostics = diagnostics;
    List<AbiSpec> chain = new ArrayList<>();
    for (Optional<String> at = Optional.of(abi); at.isPresent(); at = specs.parentOf(at.get())) {
      specs.abi(at.get()).ifPresent(chain::add);
    }
    for (AbiSpec spec : chain.reversed()) {
      baseTypes.putAll(spec.baseTypes());
    }
    this.charSigned = chain.stream().map(AbiSpec::charSigned).flatMap(Optional::stream).findFirst().orElse(true);
  }

  String abi() {
    return abi;
  }

  /**
   * Resolves {@code type}; reports and returns empty when a name is unknown. Synchronized: the
   * resolver caches layouts, and the emitters ask from several threads.
   */
  synchronized Optional<CType> resolve(TypeExpr type) {
    Optional<CType> resolved = resolveUnbound(type, false);
    bindPending();
    return resolved;
  }

  private Optional<CType> resolveUnbound(TypeExpr type, boolean opaque) {
    Optional<CType> resolved;
    if (type.pointer()) {
      AbiSpec.BaseType pointer = baseTypes.get("pointer");
      if (pointer == null) {
        return Optional.empty(); // reported once, for the ABI (SpecSet)
      }
      resolved = Optional.of(new CType.Pointer(pending(type.target(), opaque), pointer.size(), pointer.align(), Optional.empty()));
    } else {
      resolved = resolveName(type.base(), type.location());
    }
    List<Integer> dimensions = type.dimensions();
    for (int i = dimensions.size() - 1; i >= 0 && resolved.isPresent(); i--) {
      int length = dimensions.get(i);
      if ((long) resolved.get().size() * length > MAX_TYPE_BYTES) {
        diagnostics.error(type.location(), "type '" + type + "' is too large: more than " + MAX_TYPE_BYTES
            + " bytes on " + abi);
        return Optional.empty();
      }
      resolved = resolved.map(element -> new CType.Array(element, length));
    }
    return resolved;
  }

  /**
   * An integer member that carries a user address: a pointer to the converters, with the integer's
   * size and alignment, so its bytes are only ever translated.
   */
  private Optional<CType> address(FieldSpec field, TypeExpr integer, TypeExpr target) {
    Optional<CType> type = resolveUnbound(integer, false);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    CType t = type.get();
    if (baseTypes.get("pointer") == null) {
      return Optional.empty(); // reported once, for the ABI (SpecSet)
    }
    if (!(CType.unwrap(t) instanceof CType.Scalar scalar) || !scalar.kind().isInteger()
        || scalar.size() < baseTypes.get("pointer").size()) {
      // worded alike on every ABI, so the one fault is reported once
      diagnostics.error(field.location(), "'" + field.displayName() + "' has 'address' but its type " + t.spelling()
          + " is narrower than a pointer; expected an integer at least as wide as a pointer on every ABI (__u64, or unsigned long)");
      return Optional.empty();
    }
    return Optional.of(new CType.Pointer(pending(target, field.opaque()), t.size(), t.align(), Optional.of(t.spelling())));
  }

  // pointer targets wait until the layouts they may refer back to exist
  private final List<PointerTarget> unbound = new ArrayList<>();

  private PointerTarget pending(TypeExpr target, boolean opaque) {
    PointerTarget out = new PointerTarget(target, opaque);
    if (!out.isVoid()) {
      unbound.add(out);
    }
    return out;
  }

  /** Binds every pointer target made so far; resolving one may lay out structs that make more. */
  private void bindPending() {
    if (!inProgress.isEmpty()) {
      return;
    }
    while (!unbound.isEmpty()) {
      PointerTarget target = unbound.removeLast();
      resolveUnbound(target.spelled(), false).ifPresent(target::bind);
    }
  }

  /** The layout of struct {@code name}, computed once per ABI. */
  Optional<AggregateLayout> struct(StructSpec spec) {
    AggregateLayout cached = structCache.get(spec.name());
    if (cached != null) {
      return Optional.of(cached);
    }
    if (!inProgress.add(spec.name())) {
      List<String> cycle = new ArrayList<>(inProgress);
      cycle = cycle.subList(cycle.indexOf(spec.name()), cycle.size());
      diagnostics.error(spec.location(), "cyclic nesting: " + String.join(" -> ", cycle) + " -> " + spec.name()
          + " contains itself by value; expected a pointer somewhere in the cycle");
      return Optional.empty();
    }
    try {
      if (inProgress.size() > MAX_NESTING) {
        if (!nestingReported) { // the structs around it fail with it: one fault, one message
          nestingReported = true;
          diagnostics.error(spec.location(), "struct '" + spec.name() + "' is nested more than " + MAX_NESTING
              + " levels deep (in '" + inProgress.getFirst() + "'); expected at most " + MAX_NESTING);
        }
        return Optional.empty();
      }
      Optional<AggregateLayout> layout = layOut(Optional.of(spec.name()), spec.kind(), spec.packed(), spec.aligned(), spec.fields());
      layout.ifPresent(l -> structCache.put(spec.name(), l));
      return layout;
    } finally {
      inProgress.remove(spec.name());
      bindPending();
    }
  }

  private Optional<CType> resolveName(String name, SourceLocation location) {
    Optional<CType> base = baseType(name);
    if (base.isPresent()) {
      return base;
    }
    Optional<TypedefSpec> typedef = abiTypedef(name).or(() -> specs.typedef(name));
    if (typedef.isPresent()) {
      return resolveTypedef(typedef.get());
    }
    Optional<StructSpec> struct = specs.struct(name);
    if (struct.isPresent()) {
      return struct(struct.get()).map(CType.Aggregate::new);
    }
    diagnostics.error(location, "unknown type '" + name + "'; expected a C base type, a typedef or a struct of the specs"
        + Suggestion.didYouMean(name, knownTypeNames()));
    return Optional.empty();
  }

  /** What a type name could have meant on this ABI: base types with their signedness, typedefs, structs. */
  private List<String> knownTypeNames() {
    List<String> names = new ArrayList<>(specs.typeNames());
    for (String base : baseTypes.keySet()) {
      if (!base.equals("pointer")) {
        names.addAll(List.of(base, "unsigned " + base, "signed " + base));
      }
    }
    for (Optional<String> at = Optional.of(abi); at.isPresent(); at = specs.parentOf(at.get())) {
      specs.abi(at.get()).ifPresent(a -> names.addAll(a.typedefs().keySet()));
    }
    return names;
  }

  private Optional<TypedefSpec> abiTypedef(String name) {
    for (Optional<String> at = Optional.of(abi); at.isPresent(); at = specs.parentOf(at.get())) {
      Optional<TypedefSpec> own = specs.abi(at.get()).map(a -> a.typedefs().get(name));
      if (own.isPresent()) {
        return own;
      }
    }
    return Optional.empty();
  }

  private Optional<CType> resolveTypedef(TypedefSpec typedef) {
    String key = "typedef " + typedef.name();
    if (!inProgress.add(key)) {
      diagnostics.error(typedef.location(), "typedef '" + typedef.name() + "' refers to itself");
      return Optional.empty();
    }
    try {
      Optional<TypeExpr> target = typedef.target().resolve(abi, specs::parentOf);
      if (target.isEmpty()) {
        diagnostics.error(typedef.location(), "typedef '" + typedef.name() + "' has no type for ABI '" + abi + "'");
        return Optional.empty();
      }
      TypeExpr expr = target.get();
      Optional<CType> resolved = resolveUnbound(expr, false);
      return resolved.map(t -> new CType.Named(typedef.name(), t, typedef.align().orElse(t.align())));
    } finally {
      inProgress.remove(key);
    }
  }

  private Optional<CType> baseType(String name) {
    String base = name;
    ScalarKind kind = ScalarKind.SIGNED;
    if (name.startsWith("unsigned ")) {
      base = name.substring("unsigned ".length());
      kind = ScalarKind.UNSIGNED;
    } else if (name.startsWith("signed ")) {
      base = name.substring("signed ".length());
    } else if (name.equals("unsigned")) {
      base = "int";
      kind = ScalarKind.UNSIGNED;
    } else if (name.equals("char")) {
      kind = charSigned ? ScalarKind.SIGNED : ScalarKind.UNSIGNED;
    }
    switch (base) {
      case "float", "double" -> kind = name.equals(base) ? ScalarKind.FLOAT : null;
      case "_Bool" -> kind = name.equals(base) ? ScalarKind.BOOL : null;
      case "pointer" -> kind = null;
      default -> { }
    }
    AbiSpec.BaseType type = kind == null ? null : baseTypes.get(base);
    return type == null ? Optional.empty() : Optional.of(new CType.Scalar(name, type.size(), type.align(), kind));
  }

  /** Lays out members; shared by named structs and inline aggregates. */
  private Optional<AggregateLayout> layOut(Optional<String> name, AggregateKind kind, boolean packed,
      Optional<Integer> aligned, List<FieldSpec> fields) {
    List<AggregateLayout.Member> members = new ArrayList<>();
    long bit = 0;
    long sizeBits = 0;
    int align = 1;
    boolean ok = true;
    for (int i = 0; i < fields.size(); i++) {
      FieldSpec field = fields.get(i);
      if (!field.presentOn(abi, specs::parentOf)) {
        continue;
      }
      Optional<CType> resolved = fieldType(field);
      if (resolved.isEmpty()) {
        ok = false;
        continue;
      }
      CType type = resolved.get();
      if (CType.unwrap(type) instanceof CType.Array array && array.length() < 0 && i != lastPresent(fields)) {
        diagnostics.error(field.location(), "flexible array member '" + field.displayName() + "' must be the last member");
      }
      int memberAlign = packed ? 1 : type.align();
      if (field.align().isPresent()) {
        memberAlign = Math.max(memberAlign, field.align().get());
      }
      long start = kind == AggregateKind.UNION ? 0 : bit;
      if (field.bits().isPresent()) {
        int width = field.bits().get();
        if (!(CType.unwrap(type) instanceof CType.Scalar scalar) || !scalar.kind().isInteger()) {
          diagnostics.error(field.location(), "bitfield '" + field.displayName() + "' has type " + type.spelling() + "; expected an integer type");
          ok = false;
          continue;
        }
        long unitBits = 8L * type.size();
        if (width > unitBits) {
          diagnostics.error(field.location(), "bitfield '" + field.displayName() + "' is " + width + " bits wide; its type " + type.spelling()
              + " holds " + unitBits + " on " + abi);
          ok = false;
          continue;
        }
        if (width == 0) {
          bit = roundUp(start, 8L * type.align());
          continue;
        }
        // A bitfield must fit in one storage unit of its type; on i386 a long long's unit may
        // start at any 4-byte boundary, which is why units are aligned to the type's alignment.
        long alignBits = 8L * type.align();
        if (!packed && start + width > start / alignBits * alignBits + unitBits) {
          start = roundUp(start, alignBits);
        }
        long naturalUnit = start / unitBits * unitBits;
        long unitStart = packed ? start / 8 * 8
            : start + width <= naturalUnit + unitBits ? naturalUnit : start / alignBits * alignBits;
        bit = kind == AggregateKind.UNION ? bit : start + width;
        sizeBits = Math.max(sizeBits, start + width);
        if (field.name().isEmpty()) {
          continue;  // padding: it takes its bits, but is no member, and does not align the struct (SysV)
        }
        members.add(new AggregateLayout.Member(field.name(), (int) (unitStart / 8), type,
            Optional.of((int) (start - unitStart)), Optional.of(width), field));
        align = Math.max(align, memberAlign);
        continue;
      }
      start = roundUp(start, 8L * memberAlign);
      members.add(new AggregateLayout.Member(field.name(), (int) (start / 8), type, Optional.empty(), Optional.empty(), field));
      align = Math.max(align, memberAlign);
      long end = start + 8L * type.size();
      bit = kind == AggregateKind.UNION ? bit : end;
      sizeBits = Math.max(sizeBits, end);
    }
    if (!ok) {
      return Optional.empty();
    }
    if (aligned.isPresent()) {
      align = Math.max(align, aligned.get());
    }
    int size = (int) roundUp((sizeBits + 7) / 8, align);
    return Optional.of(new AggregateLayout(name, kind, size, align, members));
  }

  private int lastPresent(List<FieldSpec> fields) {
    for (int i = fields.size() - 1; i >= 0; i--) {
      if (fields.get(i).presentOn(abi, specs::parentOf)) {
        return i;
      }
    }
    return -1;
  }

  private Optional<CType> fieldType(FieldSpec field) {
    if (field.inline().isPresent()) {
      FieldSpec.Inline inline = field.inline().get();
      return layOut(Optional.empty(), inline.kind(), false, Optional.empty(), inline.members()).map(CType.Aggregate::new);
    }
    Optional<TypeExpr> type = field.typeOn(abi, specs::parentOf);
    if (type.isEmpty() && field.types().isPresent()) {
      diagnostics.error(field.location(), "'" + field.displayName() + "' has no type for ABI '" + abi + "'; expected a 'default'"
          + " or an entry for it");
      return Optional.empty();
    }
    if (field.address().isPresent() && type.filter(t -> !t.pointer() && !t.isArray()).isPresent()) {
      return address(field, type.get(), field.address().get());
    }
    return type.flatMap(t -> resolveUnbound(t, field.opaque()));
  }

  private static long roundUp(long value, long multiple) {
    return (value + multiple - 1) / multiple * multiple;
  }
}
