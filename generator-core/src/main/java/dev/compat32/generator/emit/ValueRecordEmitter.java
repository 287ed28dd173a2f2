package dev.compat32.generator.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.AggregateLayout.Member;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.AggregateKind;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.generator.spec.TypeExpr;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Emits a struct's {@code Value} record and the four methods that move it in and out of memory:
 * {@code decodeGuest}, {@code decodeHost}, {@code encodeGuest}, {@code encodeHost}. The record has
 * one component per member, inline unions and structs flattened by path ({@code ifr_ifru.ifru_flags}
 * is {@code ifrIfruIfruFlags}). It is for inspection and tests, not for the dispatch path.
 *
 * <p>Integers are {@code long} with the member's own extension, pointers are addresses, char arrays
 * are {@code byte[]}, other arrays {@code long[]} or lists of the nested record. Members inside a
 * union are nullable: decoding fills every view of the union's bytes; encoding writes the non-null
 * ones in declaration order. Encoding keeps the low bytes of values too wide for a member.
 */
final class ValueRecordEmitter {
  private static final ClassName LIST = ClassName.get(List.class);
  private static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");

  private final CodegenPlan plan;
  private final StructSpec struct;
  private final String guestAbi;
  private final StructLayout guest;
  private final StructLayout host;
  private final ClassName value;
  private final List<Leaf> leaves;
  private final Map<dev.compat32.generator.spec.FieldSpec, Leaf> hostLeaves = new IdentityHashMap<>();

  /**
   * A member that is not an inline aggregate, with its absolute offset; {@code unions} maps each
   * union it lies in (by path) to the union member it lies under.
   */
  private record Leaf(String path, Member member, int offset, boolean inUnion, Map<String, String> unions) {
    /** Whether the member is live under {@code choice}: in no union the choice names, or under the live member. */
    boolean liveUnder(CodegenPlan.Choice choice) {
      return unions.entrySet().stream().allMatch(u -> !choice.members().containsKey(u.getKey())
          || choice.members().get(u.getKey()).equals(u.getValue()));
    }
  }

  private final CodegenPlan.Choice choice;

  /**
   * For {@code choice} {@code NONE}, the struct's record and all four methods; for a union choice,
   * decode methods into the struct's record that leave the members of other union members {@code null}.
   */
  ValueRecordEmitter(CodegenPlan plan, StructSpec struct, String guestAbi, CodegenPlan.Choice choice, StructLayout guest,
      StructLayout host) {
    this.plan = plan;
    this.struct = struct;
    this.guestAbi = guestAbi;
    this.choice = choice;
    this.guest = guest;
    this.host = host;
    this.value = plan.codecClass(struct, guestAbi, CodegenPlan.Choice.NONE).nestedClass("Value");
    this.leaves = leaves(guest.layout());
    leaves(host.layout()).forEach(leaf -> hostLeaves.put(leaf.member().spec(), leaf));
  }

  void addTo(TypeSpec.Builder codec) {
    if (choice.members().isEmpty()) {
      codec.addType(record());
    }
    codec.addMethod(decode(true));
    codec.addMethod(decode(false));
    if (choice.members().isEmpty()) {
      codec.addMethod(encode(true));
      codec.addMethod(encode(false));
    }
  }

  // ---- the record ------------------------------------------------------------------------------

  private TypeSpec record() {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    List<String> names = new ArrayList<>();
    CodeBlock.Builder addresses = CodeBlock.builder();
    CodeBlock.Builder components = CodeBlock.builder();
    for (Leaf leaf : leaves) {
      constructor.addParameter(ParameterSpec.builder(javaType(leaf), name(leaf)).build());
      names.add(leaf.path());
      addresses.add("$L$L", names.size() == 1 ? "" : ", ", CType.unwrap(leaf.member().type()) instanceof CType.Pointer
          || CType.unwrap(leaf.member().type()) instanceof CType.Array a && CType.unwrap(a.element()) instanceof CType.Pointer);
      components.add("$L$L", names.size() == 1 ? "" : ", ", name(leaf));
    }
    CodeBlock nameList = CodeBlock.of("$T.of($L)", LIST, String.join(", ", names.stream().map(n -> '"' + n + '"').toList()));
    return TypeSpec.recordBuilder("Value").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("The members of {@code $L}, decoded; see {@code decodeGuest} and {@code encodeGuest}.\n", guest.cType())
        .recordConstructor(constructor.build())
        .addField(FieldSpec.builder(ParameterizedTypeName.get(LIST, ClassName.get(String.class)), "NAMES",
            Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(nameList).build())
        .addField(FieldSpec.builder(boolean[].class, "ADDRESSES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("{$L}", addresses.build()).build())
        .addMethod(MethodSpec.methodBuilder("allComponents").addModifiers(Modifier.PRIVATE).returns(Object[].class)
            .addStatement("return new Object[] {$L}", components.build()).build())
        .addMethod(MethodSpec.methodBuilder("equals").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(TypeName.BOOLEAN).addParameter(Object.class, "other")
            .addStatement("return other instanceof $T that && $T.deepEquals(allComponents(), that.allComponents())", value, ARRAYS)
            .build())
        .addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(TypeName.INT).addStatement("return $T.deepHashCode(allComponents())", ARRAYS).build())
        .addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(String.class).addStatement("return $T.format($S, NAMES, ADDRESSES, allComponents())", RuntimeTypes.VALUES, guest.cType())
            .build())
        .build();
  }

  private TypeName javaType(Leaf leaf) {
    TypeName type = switch (CType.unwrap(leaf.member().type())) {
      case CType.Scalar s when leaf.member().isBitfield() -> TypeName.LONG;
      case CType.Scalar s -> s.kind() == ScalarKind.FLOAT ? TypeName.DOUBLE : TypeName.LONG;
      case CType.Pointer p -> TypeName.LONG;
      case CType.Array a -> switch (CType.unwrap(a.element())) {
        case CType.Scalar s when s.size() == 1 -> ArrayTypeName.of(TypeName.BYTE);
        case CType.Scalar s when s.kind() != ScalarKind.FLOAT -> ArrayTypeName.of(TypeName.LONG);
        case CType.Pointer p -> ArrayTypeName.of(TypeName.LONG);
        case CType.Aggregate g when g.layout().name().isPresent() -> ParameterizedTypeName.get(LIST, nestedValue(g));
        default -> ArrayTypeName.of(TypeName.BYTE);
      };
      case CType.Aggregate g when g.layout().name().isPresent() -> nestedValue(g);
      default -> ArrayTypeName.of(TypeName.BYTE);
    };
    return leaf.inUnion() ? type.box() : type;
  }

  private ClassName nestedValue(CType.Aggregate aggregate) {
    return nestedCodec(aggregate).nestedClass("Value");
  }

  private ClassName nestedCodec(CType.Aggregate aggregate) {
    StructSpec nested = plan.layouts().specs().struct(aggregate.layout().name().orElseThrow()).orElseThrow();
    return plan.codecClass(nested, guestAbi, CodegenPlan.Choice.NONE);
  }

  // ---- decode ----------------------------------------------------------------------------------

  private MethodSpec decode(boolean onGuest) {
    String side = onGuest ? "guest" : "host";
    CodeBlock.Builder args = CodeBlock.builder();
    boolean first = true;
    for (Leaf leaf : leaves) {
      Optional<Leaf> at = onGuest ? Optional.of(leaf) : Optional.ofNullable(hostLeaves.get(leaf.member().spec()));
      at = at.filter(l -> leaf.liveUnder(choice));
      CodeBlock read = at.map(l -> read(l, onGuest)).orElse(CodeBlock.of(absent(leaf)));
      args.add(first ? "\n$L" : ",\n$L", read);
      first = false;
    }
    return MethodSpec.methodBuilder(onGuest ? "decodeGuest" : "decodeHost").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc(choice.members().isEmpty() ? "Reads the $L struct at {@code offset} into a value.\n"
            : "Reads the $L struct at {@code offset} into a value with only the live union members: {@code " + choice.members() + "}.\n",
            onGuest ? guestAbi : plan.hostAbi())
        .returns(value).addParameter(RuntimeTypes.MEMORY_SEGMENT, side).addParameter(TypeName.LONG, "offset")
        .addCode(CodeBlock.builder().add("return new $T(", value).indent().add(args.build()).unindent().add(");\n").build())
        .build();
  }

  /** The value a member missing on the host reads as. */
  private String absent(Leaf leaf) {
    TypeName type = javaType(leaf);
    return type.isPrimitive() ? (type.equals(TypeName.DOUBLE) ? "0.0" : "0L") : "null";
  }

  private CodeBlock read(Leaf leaf, boolean onGuest) {
    String seg = onGuest ? "guest" : "host";
    String off = "offset + " + leaf.offset();
    Member member = leaf.member();
    CType type = CType.unwrap(member.type());
    if (member.isBitfield()) {
      CType.Scalar s = (CType.Scalar) type;
      int width = member.bitWidth().orElseThrow();
      int shift = member.bitOffset().orElseThrow();
      return ScalarAccess.extractBits(ScalarAccess.read(seg, off, s.size(), false), shift, width, s.kind() == ScalarKind.SIGNED);
    }
    return switch (type) {
      case CType.Scalar s when s.kind() == ScalarKind.FLOAT ->
          CodeBlock.of("(double) $L.get($T.$L, $L)", seg, RuntimeTypes.VALUE_LAYOUT, floatLayout(s), off);
      case CType.Scalar s -> ScalarAccess.read(seg, off, s.size(), s.kind() == ScalarKind.SIGNED);
      case CType.Pointer p -> ScalarAccess.read(seg, off, p.size(), false);
      case CType.Array a -> readArray(leaf, a, seg, off, onGuest);
      case CType.Aggregate g when g.layout().name().isPresent() ->
          CodeBlock.of("$T.$L($L, $L)", nestedCodec(g), onGuest ? "decodeGuest" : "decodeHost", seg, off);
      default -> CodeBlock.of("$T.readBytes($L, $L, $L)", RuntimeTypes.VALUES, seg, off, type.size());
    };
  }

  private CodeBlock readArray(Leaf leaf, CType.Array array, String seg, String off, boolean onGuest) {
    CType element = CType.unwrap(array.element());
    CodeBlock count = array.length() == TypeExpr.FLEXIBLE
        ? CodeBlock.of("$T.fitting($L, $L, $L, $L)", RuntimeTypes.VALUES, seg, off, flexibleCount(leaf, element.size(), onGuest), element.size())
        : CodeBlock.of("$L", array.length());
    return switch (element) {
      case CType.Scalar s when s.size() == 1 -> CodeBlock.of("$T.readBytes($L, $L, $L)", RuntimeTypes.VALUES, seg, off, count);
      case CType.Scalar s when s.kind() != ScalarKind.FLOAT ->
          CodeBlock.of("$T.readLongs($L, $L, $L, $L, $L)", RuntimeTypes.VALUES, seg, off, count, s.size(), s.kind() == ScalarKind.SIGNED);
      case CType.Pointer p -> CodeBlock.of("$T.readLongs($L, $L, $L, $L, false)", RuntimeTypes.VALUES, seg, off, count, p.size());
      case CType.Aggregate g when g.layout().name().isPresent() -> CodeBlock.of("$T.readList($L, i -> $T.$L($L, $L + i * $L))",
          RuntimeTypes.VALUES, count, nestedCodec(g), onGuest ? "decodeGuest" : "decodeHost", seg, off, element.size());
      default -> CodeBlock.of("$T.readBytes($L, $L, $L * $L)", RuntimeTypes.VALUES, seg, off, count, element.size());
    };
  }

  /** The flexible array's count as its count member says, in elements, on one side. */
  private CodeBlock flexibleCount(Leaf flexible, int elementSize, boolean onGuest) {
    var count = flexible.member().spec().count().orElseThrow();
    return CountCode.elements(count, onGuest ? guest : host, onGuest ? "guest" : "host", "offset", elementSize);
  }

  // ---- encode ----------------------------------------------------------------------------------

  private MethodSpec encode(boolean onGuest) {
    String seg = onGuest ? "guest" : "host";
    MethodSpec.Builder method = MethodSpec.methodBuilder(onGuest ? "encodeGuest" : "encodeHost")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Writes {@code value} as the $L struct at {@code offset}; bytes no member covers are left as they are.\n",
            onGuest ? guestAbi : plan.hostAbi())
        .addParameter(value, "value").addParameter(RuntimeTypes.MEMORY_SEGMENT, seg).addParameter(TypeName.LONG, "offset");
    for (Leaf leaf : leaves) {
      Leaf at = onGuest ? leaf : hostLeaves.get(leaf.member().spec());
      if (at == null) {
        continue;  // the member exists on the guest only
      }
      String get = "value." + name(leaf) + "()";
      boolean nullable = !javaType(leaf).isPrimitive();
      if (nullable) {
        method.beginControlFlow("if ($L != null)", get);
      }
      method.addStatement("$L", write(at, seg, leaf.inUnion() && javaType(leaf).isBoxedPrimitive() ? "(" + javaType(leaf).unbox() + ") " + get : get));
      if (nullable) {
        method.endControlFlow();
      }
    }
    return method.build();
  }

  private CodeBlock write(Leaf leaf, String seg, String get) {
    String off = "offset + " + leaf.offset();
    Member member = leaf.member();
    CType type = CType.unwrap(member.type());
    if (member.isBitfield()) {
      CType.Scalar s = (CType.Scalar) type;
      CodeBlock unit = ScalarAccess.read(seg, off, s.size(), false);
      return ScalarAccess.write(seg, off, s.size(), ScalarAccess.insertBits(unit, member.bitOffset().orElseThrow(),
          member.bitWidth().orElseThrow(), CodeBlock.of("$L", get)));
    }
    return switch (type) {
      case CType.Scalar s when s.kind() == ScalarKind.FLOAT ->
          CodeBlock.of("$L.set($T.$L, $L, ($L) $L)", seg, RuntimeTypes.VALUE_LAYOUT, floatLayout(s), off, s.size() == 4 ? "float" : "double", get);
      case CType.Scalar s -> ScalarAccess.write(seg, off, s.size(), CodeBlock.of("$L", get));
      case CType.Pointer p -> ScalarAccess.write(seg, off, p.size(), CodeBlock.of("$L", get));
      case CType.Array a -> writeArray(a, seg, off, get);
      case CType.Aggregate g when g.layout().name().isPresent() ->
          CodeBlock.of("$T.$L($L, $L, $L)", nestedCodec(g), seg.equals("guest") ? "encodeGuest" : "encodeHost", get, seg, off);
      default -> CodeBlock.of("$T.writeBytes($L, $L, $L, $L)", RuntimeTypes.VALUES, seg, off, get, type.size());
    };
  }

  private CodeBlock writeArray(CType.Array array, String seg, String off, String get) {
    CType element = CType.unwrap(array.element());
    String max = array.length() == TypeExpr.FLEXIBLE ? "Long.MAX_VALUE" : Integer.toString(array.length());
    return switch (element) {
      case CType.Scalar s when s.size() == 1 -> CodeBlock.of("$T.writeBytes($L, $L, $L, $L)", RuntimeTypes.VALUES, seg, off, get, max);
      case CType.Scalar s when s.kind() != ScalarKind.FLOAT ->
          CodeBlock.of("$T.writeLongs($L, $L, $L, $L, $L)", RuntimeTypes.VALUES, seg, off, get, max, s.size());
      case CType.Pointer p -> CodeBlock.of("$T.writeLongs($L, $L, $L, $L, $L)", RuntimeTypes.VALUES, seg, off, get, max, p.size());
      case CType.Aggregate g when g.layout().name().isPresent() -> CodeBlock.of("$T.writeList($L, $L, (i, e) -> $T.$L(e, $L, $L + i * $L))",
          RuntimeTypes.VALUES, get, max, nestedCodec(g), seg.equals("guest") ? "encodeGuest" : "encodeHost", seg, off, element.size());
      default -> CodeBlock.of("$T.writeBytes($L, $L, $L, $L)", RuntimeTypes.VALUES, seg, off, get,
          array.length() == TypeExpr.FLEXIBLE ? "Long.MAX_VALUE" : Long.toString((long) array.size()));
    };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static String floatLayout(CType.Scalar s) {
    return s.size() == 4 ? "JAVA_FLOAT_UNALIGNED" : "JAVA_DOUBLE_UNALIGNED";
  }

  private static String name(Leaf leaf) {
    return JavaNames.member(leaf.path());
  }

  private static List<Leaf> leaves(AggregateLayout layout) {
    List<Leaf> out = new ArrayList<>();
    boolean union = layout.kind() == AggregateKind.UNION;
    collect(layout, "", 0, union, union ? "" : null, Map.of(), out);
    return out;
  }

  /** {@code unionPath}: this aggregate's path when it is a union, else null. */
  private static void collect(AggregateLayout layout, String prefix, int base, boolean inUnion, String unionPath,
      Map<String, String> unions, List<Leaf> out) {
    for (Member member : layout.members()) {
      int offset = base + member.offset();
      String path = prefix + member.name().orElse("");
      Map<String, String> under = unions;
      if (unionPath != null) {
        under = new java.util.LinkedHashMap<>(unions);
        under.put(unionPath, member.name().orElse(""));
      }
      if (member.spec().inline().isPresent() && CType.unwrap(member.type()) instanceof CType.Aggregate inner) {
        boolean union = inner.layout().kind() == AggregateKind.UNION;
        String innerPrefix = member.name().isPresent() ? path + "." : prefix;
        String innerUnion = union ? (member.name().isPresent() ? path : (prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1))) : null;
        collect(inner.layout(), innerPrefix, offset, inUnion || union, innerUnion, under, out);
      } else if (member.name().isPresent()) {
        out.add(new Leaf(path, member, offset, inUnion, Map.copyOf(under)));
      }
    }
  }
}
