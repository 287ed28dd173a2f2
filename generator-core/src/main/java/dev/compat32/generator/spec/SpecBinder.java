package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import dev.compat32.generator.spec.FieldSpec.Count;
import dev.compat32.generator.spec.FieldSpec.CountUnit;
import dev.compat32.generator.spec.FieldSpec.Inline;
import dev.compat32.generator.spec.FieldSpec.Narrowing;
import dev.compat32.generator.spec.FieldSpec.Select;
import dev.compat32.generator.spec.IoctlSpec.ArgMode;
import dev.compat32.generator.spec.IoctlSpec.Direction;
import dev.compat32.generator.yaml.MapReader;
import dev.compat32.generator.yaml.Scalars;
import dev.compat32.generator.yaml.YamlList;
import dev.compat32.generator.yaml.YamlMap;
import dev.compat32.generator.yaml.YamlNode;
import dev.compat32.generator.yaml.YamlScalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Binds one file's YAML tree to the spec model, checking shapes and local values. Cross-file
 * questions (unknown types, duplicates across files, cycles) belong to {@link SpecSet} and the
 * layout engine.
 */
public final class SpecBinder {
  private static final long MAX_U32 = 0xFFFF_FFFFL;

  private final Path file;
  private final Diagnostics diagnostics;

  private SpecBinder(Path file, Diagnostics diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  public static SpecFile bind(Path file, YamlNode root, Diagnostics diagnostics) {
    return new SpecBinder(file, diagnostics).bindFile(root);
  }

  private SpecFile bindFile(YamlNode root) {
    List<String> headers = new ArrayList<>();
    List<AbiSpec> abis = new ArrayList<>();
    List<TypedefSpec> typedefs = new ArrayList<>();
    List<StructSpec> structs = new ArrayList<>();
    List<IoctlSpec> ioctls = new ArrayList<>();
    MapReader.of(root, "a spec file", diagnostics).ifPresent(top -> {
      top.scalarList("headers").forEach(h -> headers.add(h.text()));
      String defaultHeader = headers.isEmpty() ? "" : headers.get(0);
      top.node("abi").flatMap(n -> MapReader.of(n, "'abi'", diagnostics)).ifPresent(a -> abis.add(abi(a)));
      top.node("typedefs").flatMap(n -> MapReader.of(n, "'typedefs'", diagnostics))
          .ifPresent(t -> typedefs.addAll(typedefs(t)));
      top.node("structs").flatMap(n -> MapReader.of(n, "'structs'", diagnostics)).ifPresent(s -> {
        for (YamlMap.Entry entry : s.map().all()) {
          MapReader.of(entry.value(), "struct '" + entry.key() + "'", diagnostics)
              .ifPresent(r -> structs.add(struct(entry.key(), entry.keyLocation(), r, defaultHeader)));
        }
      });
      top.node("ioctls").flatMap(n -> MapReader.of(n, "'ioctls'", diagnostics)).ifPresent(s -> {
        for (YamlMap.Entry entry : s.map().all()) {
          MapReader.of(entry.value(), "ioctl '" + entry.key() + "'", diagnostics)
              .ifPresent(r -> ioctls.add(ioctl(entry.key(), entry.keyLocation(), r, defaultHeader)));
        }
      });
      top.finish();
      boolean needsHeader = structs.stream().anyMatch(s -> s.header().isEmpty())
          || ioctls.stream().anyMatch(i -> i.header().isEmpty());
      if (needsHeader) {
        diagnostics.error(top.location(), "this file declares structs or ioctls without a 'header'; "
            + "give 'headers' at the top (the first is the default) or 'header' on each");
      }
    });
    return new SpecFile(file, headers, abis, typedefs, structs, ioctls);
  }

  // ---- ABIs ----------------------------------------------------------------------------------

  private AbiSpec abi(MapReader r) {
    String name = r.required("name").flatMap(n -> Scalars.asScalar(n, "name", diagnostics)).map(YamlScalar::text).orElse("?");
    Optional<String> parent = r.string("extends");
    Optional<String> byteOrder = r.string("byteOrder");
    byteOrder.filter(b -> !b.equals("little") && !b.equals("big")).ifPresent(b ->
        diagnostics.error(r.map().get("byteOrder").orElseThrow().location(), "byteOrder is '" + b + "'; expected little or big"));
    Optional<Boolean> charSigned = r.bool("charSigned");
    Map<String, AbiSpec.BaseType> baseTypes = new LinkedHashMap<>();
    r.node("types").flatMap(n -> MapReader.of(n, "'types'", diagnostics)).ifPresent(types -> {
      for (YamlMap.Entry entry : types.map().all()) {
        if (!BASE_TYPE_NAMES.contains(entry.key())) {
          diagnostics.error(entry.keyLocation(), "unknown base type '" + entry.key() + "'; expected one of: "
              + String.join(", ", BASE_TYPE_NAMES));
          continue;
        }
        MapReader.of(entry.value(), "base type '" + entry.key() + "'", diagnostics).ifPresent(t -> {
          Optional<Long> size = t.integer("size", 1, 64);
          Optional<Long> align = t.integer("align", 1, 64);
          t.finish();
          if (size.isEmpty() || align.isEmpty()) {
            diagnostics.error(t.location(), "base type '" + entry.key() + "' needs 'size' and 'align'");
          } else {
            baseTypes.put(entry.key(), new AbiSpec.BaseType(entry.key(), size.get().intValue(), align.get().intValue(), entry.keyLocation()));
          }
        });
      }
    });
    Optional<AbiSpec.IocEncoding> ioc = r.node("ioc").flatMap(n -> MapReader.of(n, "'ioc'", diagnostics)).flatMap(i -> {
      Optional<Long> nr = i.integer("nrBits", 1, 16);
      Optional<Long> type = i.integer("typeBits", 1, 16);
      Optional<Long> size = i.integer("sizeBits", 1, 16);
      Optional<Long> dir = i.integer("dirBits", 1, 4);
      Optional<Long> none = i.integer("none", 0, 15);
      Optional<Long> write = i.integer("write", 0, 15);
      Optional<Long> read = i.integer("read", 0, 15);
      i.finish();
      if (nr.isEmpty() || type.isEmpty() || size.isEmpty() || dir.isEmpty() || none.isEmpty() || write.isEmpty() || read.isEmpty()) {
        diagnostics.error(i.location(), "'ioc' needs nrBits, typeBits, sizeBits, dirBits, none, write and read");
        return Optional.empty();
      }
      if (nr.get() + type.get() + size.get() + dir.get() != 32) {
        diagnostics.error(i.location(), "'ioc' bit widths add up to " + (nr.get() + type.get() + size.get() + dir.get()) + "; expected 32");
      }
      return Optional.of(new AbiSpec.IocEncoding(nr.get().intValue(), type.get().intValue(), size.get().intValue(),
          dir.get().intValue(), none.get().intValue(), write.get().intValue(), read.get().intValue()));
    });
    Map<String, TypedefSpec> typedefs = new LinkedHashMap<>();
    r.node("typedefs").flatMap(n -> MapReader.of(n, "'typedefs'", diagnostics))
        .ifPresent(t -> typedefs(t).forEach(td -> typedefs.put(td.name(), td)));
    Optional<AbiSpec.Probe> probe = r.node("probe").flatMap(n -> MapReader.of(n, "'probe'", diagnostics)).flatMap(p -> {
      List<String> compiler = p.scalarList("compiler").stream().map(YamlScalar::text).toList();
      boolean run = p.bool("run").orElse(false);
      List<String> emulator = p.scalarList("emulator").stream().map(YamlScalar::text).toList();
      p.finish();
      if (compiler.isEmpty()) {
        diagnostics.error(p.location(), "'probe' needs 'compiler', the command line as a list");
        return Optional.empty();
      }
      return Optional.of(new AbiSpec.Probe(compiler, run, emulator));
    });
    r.finish();
    return new AbiSpec(name, r.location(), parent, byteOrder, charSigned, baseTypes, ioc, typedefs, probe);
  }

  /** The C base types an ABI gives sizes for; everything else is built from them. */
  public static final List<String> BASE_TYPE_NAMES =
      List.of("char", "short", "int", "long", "long long", "pointer", "float", "double", "_Bool");

  // ---- typedefs ------------------------------------------------------------------------------

  private List<TypedefSpec> typedefs(MapReader r) {
    List<TypedefSpec> out = new ArrayList<>();
    for (YamlMap.Entry entry : r.map().all()) {
      if (entry.value() instanceof YamlMap map && map.get("type").isPresent()) {
        MapReader t = new MapReader(map, "typedef '" + entry.key() + "'", diagnostics);
        PerAbi<TypeExpr> target = perAbi(t.node("type").orElseThrow(), "type", this::typeExpr);
        Optional<Integer> align = alignment(t, "align");
        t.finish();
        out.add(new TypedefSpec(entry.key(), target, align, entry.keyLocation()));
      } else {
        out.add(new TypedefSpec(entry.key(), perAbi(entry.value(), "typedef '" + entry.key() + "'", this::typeExpr),
            Optional.empty(), entry.keyLocation()));
      }
    }
    return out;
  }

  // ---- structs -------------------------------------------------------------------------------

  private StructSpec struct(String name, SourceLocation location, MapReader r, String defaultHeader) {
    AggregateKind kind = r.string("kind").map(k -> switch (k) {
      case "struct" -> AggregateKind.STRUCT;
      case "union" -> AggregateKind.UNION;
      default -> {
        diagnostics.error(r.map().get("kind").orElseThrow().location(), "kind is '" + k + "'; expected struct or union");
        yield AggregateKind.STRUCT;
      }
    }).orElse(AggregateKind.STRUCT);
    PerAbi<String> cType = r.node("cType").map(n -> perAbi(n, "cType", this::text))
        .orElse(PerAbi.of(kind.keyword() + " " + name));
    String header = r.string("header").orElse(defaultHeader);
    boolean packed = r.bool("packed").orElse(false);
    Optional<Integer> aligned = alignment(r, "aligned");
    Set<String> abis = names(r.scalarList("abis"));
    List<FieldSpec> fields = r.required("fields").map(n -> members(n, "struct '" + name + "'")).orElse(List.of());
    Optional<String> defaultMember = r.string("default");
    r.finish();
    defaultMember.ifPresent(d -> {
      SourceLocation at = r.map().get("default").orElseThrow().location();
      if (kind != AggregateKind.UNION) {
        diagnostics.error(at, "struct '" + name + "' has 'default' but is no union; expected it on a union only");
      } else if (fields.stream().noneMatch(f -> f.name().equals(Optional.of(d)))) {
        diagnostics.error(at, "'default' of union '" + name + "' names '" + d + "', which is no member; expected one of: "
            + String.join(", ", fields.stream().flatMap(f -> f.name().stream()).toList()));
      }
    });
    checkMemberNames(fields, "struct '" + name + "'");
    if (fields.isEmpty() && r.map().get("fields").isPresent()) {
      diagnostics.error(r.location(), "struct '" + name + "' has no fields");
    }
    return new StructSpec(name, location, kind, cType, header, packed, aligned, fields, abis, file, defaultMember);
  }

  /** C scopes: members of an anonymous union or struct share the enclosing scope. */
  private void checkMemberNames(List<FieldSpec> fields, String owner) {
    Map<String, FieldSpec> seen = new LinkedHashMap<>();
    collectScope(fields, seen, owner);
  }

  private void collectScope(List<FieldSpec> fields, Map<String, FieldSpec> seen, String owner) {
    for (FieldSpec field : fields) {
      if (field.name().isPresent()) {
        FieldSpec first = seen.putIfAbsent(field.name().get(), field);
        if (first != null) {
          diagnostics.error(field.location(), "duplicate field '" + field.name().get() + "' in " + owner
              + " (first at line " + first.location().line() + ")");
        }
        field.inline().ifPresent(inline -> checkMemberNames(inline.members(), "'" + field.name().get() + "' of " + owner));
      } else {
        field.inline().ifPresent(inline -> collectScope(inline.members(), seen, owner));
      }
    }
  }

  private List<FieldSpec> members(YamlNode node, String owner) {
    if (!(node instanceof YamlList list)) {
      diagnostics.error(node.location(), "expected a list of fields for " + owner + ", found " + node.describe());
      return List.of();
    }
    List<FieldSpec> out = new ArrayList<>();
    for (YamlNode item : list.items()) {
      MapReader.of(item, "a field of " + owner, diagnostics).ifPresent(r -> out.add(field(r, owner)));
    }
    return out;
  }

  private FieldSpec field(MapReader r, String owner) {
    Optional<String> name = r.string("name");
    // a mapping is a type per ABI ({default: __u32, i386: __u16}), else one type for all
    Optional<YamlNode> typeNode = r.node("type");
    PerAbi<TypeExpr> types = typeNode.filter(YamlMap.class::isInstance)
        .map(n -> perAbi(n, "type", this::typeExpr)).orElse(PerAbi.absent());
    Optional<TypeExpr> type = types.isPresent()
        ? types.defaultValue().or(() -> types.overrides().values().stream().findFirst().map(PerAbi.Override::value))
        : typeNode.flatMap(n -> Scalars.asScalar(n, "type", diagnostics)).flatMap(this::typeExpr);
    Optional<YamlNode> union = r.node("union");
    Optional<YamlNode> struct = r.node("struct");
    Optional<Inline> inline = Optional.empty();
    String label = name.map(n -> "field '" + n + "' of " + owner).orElse("a field of " + owner);
    if (union.isPresent() && struct.isPresent()) {
      diagnostics.error(r.location(), label + " has both 'union' and 'struct'; expected one");
    } else if (union.isPresent()) {
      inline = Optional.of(new Inline(AggregateKind.UNION, members(union.get(), label)));
    } else if (struct.isPresent()) {
      inline = Optional.of(new Inline(AggregateKind.STRUCT, members(struct.get(), label)));
    }
    int shapes = (r.map().get("type").isPresent() ? 1 : 0) + (union.isPresent() ? 1 : 0) + (struct.isPresent() ? 1 : 0);
    if (shapes != 1) {
      diagnostics.error(r.location(), label + " needs exactly one of 'type', 'union' or 'struct'");
    }
    Optional<Integer> bits = r.integer("bits", 0, 64).map(Long::intValue);
    if (name.isEmpty() && inline.isEmpty() && r.map().get("bits").isEmpty()) {
      diagnostics.error(r.location(), "a field of " + owner + " needs 'name' (only an inline union or struct, or a padding"
          + " bitfield with 'bits', may be anonymous)");
    }
    Optional<Integer> align = alignment(r, "align");
    Optional<Count> count = r.node("count").flatMap(this::count);
    Set<String> abis = names(r.scalarList("abis"));
    Optional<Select> select = r.node("select").flatMap(this::select);
    Narrowing narrowing = r.string("narrowing").map(n -> switch (n) {
      case "truncate" -> Narrowing.TRUNCATE;
      case "eoverflow" -> Narrowing.EOVERFLOW;
      default -> {
        diagnostics.error(r.map().get("narrowing").orElseThrow().location(), "narrowing is '" + n + "'; expected truncate or eoverflow");
        yield Narrowing.TRUNCATE;
      }
    }).orElse(Narrowing.TRUNCATE);
    Optional<YamlNode> dirNode = r.node("dir");
    Optional<FieldSpec.ByMember<FieldSpec.DataDirection>> dirBy = dirNode.filter(YamlMap.class::isInstance)
        .flatMap(n -> byMember(n, "dir", v -> Scalars.asScalar(v, "dir", diagnostics).flatMap(this::direction)));
    FieldSpec.DataDirection dir = dirNode.filter(n -> !(n instanceof YamlMap))
        .flatMap(n -> Scalars.asScalar(n, "dir", diagnostics)).flatMap(this::direction).orElse(FieldSpec.DataDirection.INOUT);
    Optional<FieldSpec.ByMember<FieldSpec.Target>> pointsTo = r.node("pointsTo").flatMap(n -> byMember(n, "pointsTo", this::target));
    Optional<TypeExpr> address = r.scalar("address").flatMap(a -> switch (a.text()) {
      case "true" -> Optional.of(TypeExpr.named("void", a.location()));
      case "false" -> Optional.empty();
      default -> typeExpr(a);
    });
    boolean opaque = r.bool("opaque").orElse(false);
    r.finish();
    boolean pointerLike = type.map(TypeExpr::pointer).orElse(false) || address.isPresent();
    if (r.map().get("dir").isPresent() && (count.isEmpty() || !pointerLike)) {
      diagnostics.error(r.map().get("dir").orElseThrow().location(), label + " has 'dir' but is not a pointer (or address) with a 'count'");
    }
    type.filter(t -> count.isPresent() && !t.isFlexible() && !pointerLike).ifPresent(t ->
        diagnostics.error(r.map().get("count").orElseThrow().location(), label + " has 'count' but is neither a flexible array, a pointer nor an address"));
    bits.filter(b -> type.map(t -> t.isArray() || t.pointer()).orElse(true) || address.isPresent()).ifPresent(b ->
        diagnostics.error(r.map().get("bits").orElseThrow().location(), label + " has 'bits' but is not a plain integer member"));
    if (address.isPresent() && type.map(t -> t.pointer() || t.isArray()).orElse(true)) {
      diagnostics.error(r.map().get("address").orElseThrow().location(), label + " has 'address' but is not an integer member;"
          + " expected an integer type such as __u64 or unsigned long (a pointer type is an address already)");
    }
    if (opaque && !pointerLike) {
      diagnostics.error(r.map().get("opaque").orElseThrow().location(), label + " has 'opaque' but is not a pointer or an address");
    }
    if (opaque && count.isPresent()) {
      diagnostics.error(r.map().get("opaque").orElseThrow().location(), label + " has both 'opaque' and 'count'; expected one:"
          + " 'opaque' hands the kernel the translated address, 'count' deep-copies what it points to");
    }
    if (pointsTo.isPresent() && (count.isEmpty() || !type.map(TypeExpr::isVoidPointer).orElse(false))) {
      diagnostics.error(r.map().get("pointsTo").orElseThrow().location(), label + " has 'pointsTo' but is not a 'void *' with a"
          + " 'count'; expected the target chosen for a counted void pointer");
    }
    return new FieldSpec(name, r.location(), type, inline, bits, align, count, abis, select, narrowing, dir, address, opaque, types,
        dirBy, pointsTo);
  }

  private Optional<Count> count(YamlNode node) {
    if (node instanceof YamlScalar scalar && !scalar.isNull()) {
      return CountExpr.parse(scalar.text(), scalar.location(), diagnostics)
          .map(e -> new Count(e, scalar.text(), CountUnit.ELEMENTS, scalar.location()));
    }
    return MapReader.of(node, "'count'", diagnostics).flatMap(c -> {
      Optional<YamlScalar> fieldNode = c.required("field").flatMap(n -> Scalars.asScalar(n, "field", diagnostics));
      Optional<CountExpr> field = fieldNode.flatMap(f -> CountExpr.parse(f.text(), f.location(), diagnostics));
      CountUnit unit = c.string("unit").map(u -> switch (u) {
        case "elements" -> CountUnit.ELEMENTS;
        case "bytes" -> CountUnit.BYTES;
        default -> {
          diagnostics.error(c.map().get("unit").orElseThrow().location(), "unit is '" + u + "'; expected elements or bytes");
          yield CountUnit.ELEMENTS;
        }
      }).orElse(CountUnit.ELEMENTS);
      c.finish();
      return field.map(f -> new Count(f, fieldNode.get().text(), unit, fieldNode.get().location()));
    });
  }

  /** A target of {@code pointsTo}: a type, or {@code {type: T, count: C}} with a count of its own. */
  private Optional<FieldSpec.Target> target(YamlNode node) {
    if (node instanceof YamlMap) {
      return MapReader.of(node, "a 'pointsTo' target", diagnostics).flatMap(t -> {
        Optional<TypeExpr> type = t.required("type").flatMap(n -> Scalars.asScalar(n, "type", diagnostics)).flatMap(this::typeExpr);
        Optional<Count> count = t.node("count").flatMap(this::count);
        t.finish();
        return type.map(ty -> new FieldSpec.Target(ty, count));
      });
    }
    return Scalars.asScalar(node, "a 'pointsTo' target", diagnostics).flatMap(this::typeExpr).map(t -> new FieldSpec.Target(t, Optional.empty()));
  }

  private Optional<FieldSpec.DataDirection> direction(YamlScalar d) {
    return switch (d.text()) {
      case "in" -> Optional.of(FieldSpec.DataDirection.IN);
      case "out" -> Optional.of(FieldSpec.DataDirection.OUT);
      case "inout" -> Optional.of(FieldSpec.DataDirection.INOUT);
      default -> {
        diagnostics.error(d.location(), "dir is '" + d.text() + "'; expected in, out or inout");
        yield Optional.empty();
      }
    };
  }

  /** {@code {field: F, mask: M, cases: {VALUE: X, ...}, default: X}}: a choice by another member's (masked) value. */
  private <T> Optional<FieldSpec.ByMember<T>> byMember(YamlNode node, String what, Function<YamlNode, Optional<T>> parse) {
    return MapReader.of(node, "'" + what + "'", diagnostics).flatMap(m -> {
      Optional<String> field = m.required("field").flatMap(n -> Scalars.asScalar(n, "field", diagnostics)).map(YamlScalar::text);
      long mask = m.integer("mask", 1, Long.MAX_VALUE).orElse(-1L);
      Map<Long, T> cases = new LinkedHashMap<>();
      m.required("cases").flatMap(n -> MapReader.of(n, "'cases'", diagnostics)).ifPresent(c -> {
        for (YamlMap.Entry entry : c.map().all()) {
          Scalars.integer(new YamlScalar(entry.key(), false, entry.keyLocation()), "case", Long.MIN_VALUE, Long.MAX_VALUE, diagnostics)
              .ifPresent(value -> parse.apply(entry.value()).ifPresent(v -> cases.put(value, v)));
        }
      });
      Optional<T> otherwise = m.node("default").flatMap(parse);
      m.finish();
      return field.map(f -> new FieldSpec.ByMember<>(f, mask, cases, otherwise, m.location()));
    });
  }

  private Optional<Select> select(YamlNode node) {
    return MapReader.of(node, "'select'", diagnostics).flatMap(s -> {
      Optional<String> field = s.string("field");
      Optional<String> defaultMember = s.string("default");
      if (field.isEmpty() && defaultMember.isEmpty()) {
        diagnostics.error(s.location(), "'select' needs 'field' with 'cases', or a 'default' member (or both)");
      }
      if (field.isPresent() && s.map().get("cases").isEmpty()) {
        diagnostics.error(s.location(), "'select' with 'field' needs 'cases': the selector's values and the members they make live");
      }
      if (field.isEmpty() && s.map().get("cases").isPresent()) {
        diagnostics.error(s.map().get("cases").orElseThrow().location(), "'select' has 'cases' but no 'field' to read them from");
      }
      Map<Long, String> cases = new LinkedHashMap<>();
      s.node("cases").flatMap(n -> MapReader.of(n, "'cases'", diagnostics)).ifPresent(c -> {
        for (YamlMap.Entry entry : c.map().all()) {
          Scalars.integer(new YamlScalar(entry.key(), false, entry.keyLocation()), "case", Long.MIN_VALUE, Long.MAX_VALUE, diagnostics)
              .ifPresent(value -> Scalars.asScalar(entry.value(), "case " + entry.key(), diagnostics)
                  .ifPresent(member -> cases.put(value, member.text())));
        }
      });
      s.finish();
      return Optional.of(new Select(field, cases, defaultMember, s.location()));
    });
  }

  // ---- ioctls --------------------------------------------------------------------------------

  private IoctlSpec ioctl(String name, SourceLocation location, MapReader r, String defaultHeader) {
    String cName = r.string("cName").orElse(name);
    String header = r.string("header").orElse(defaultHeader);
    Optional<Direction> direction = r.string("dir").flatMap(d -> {
      Direction parsed = switch (d.toLowerCase(Locale.ROOT)) {
        case "none" -> Direction.NONE;
        case "w", "write" -> Direction.WRITE;
        case "r", "read" -> Direction.READ;
        case "rw", "wr", "readwrite" -> Direction.READ_WRITE;
        default -> null;
      };
      if (parsed == null) {
        diagnostics.error(r.map().get("dir").orElseThrow().location(), "dir is '" + d + "'; expected none, r, w or rw (_IO, _IOR, _IOW, _IOWR)");
      }
      return Optional.ofNullable(parsed);
    });
    Optional<Integer> type = r.integer("type", 0, 255).map(Long::intValue);
    Optional<Integer> nr = r.integer("nr", 0, 255).map(Long::intValue);
    PerAbi<TypeExpr> size = r.node("size").map(n -> perAbi(n, "size", this::typeExpr)).orElse(PerAbi.absent());
    Optional<TypeExpr> arg = r.scalar("arg").flatMap(this::typeExpr);
    ArgMode argMode = r.string("argMode").map(m -> switch (m) {
      case "pointer" -> ArgMode.POINTER;
      case "value" -> ArgMode.VALUE;
      case "none" -> ArgMode.NONE;
      default -> {
        diagnostics.error(r.map().get("argMode").orElseThrow().location(), "argMode is '" + m + "'; expected pointer, value or none");
        yield ArgMode.POINTER;
      }
    }).orElse(arg.isPresent() ? ArgMode.POINTER : ArgMode.NONE);
    PerAbi<Long> number = r.node("number").map(n -> perAbi(n, "number",
        s -> Scalars.integer(s, "number", 0, MAX_U32, diagnostics))).orElse(PerAbi.absent());
    PerAbi<String> alias = r.node("alias").map(n -> perAbi(n, "alias", this::text)).orElse(PerAbi.absent());
    Optional<String> translatesTo = r.string("translatesTo");
    Optional<String> handler = r.string("handler");
    Optional<String> fd = r.string("fd");
    fd.filter(f -> !f.matches("socket|tty|file|chardev:\\d+")).ifPresent(f ->
        diagnostics.error(r.map().get("fd").orElseThrow().location(), "fd is '" + f + "'; expected socket, tty, file or chardev:MAJOR"));
    Map<String, String> live = new LinkedHashMap<>();
    r.node("live").flatMap(n -> MapReader.of(n, "'live'", diagnostics)).ifPresent(l -> {
      for (YamlMap.Entry entry : l.map().all()) {
        Scalars.asScalar(entry.value(), entry.key(), diagnostics).ifPresent(v -> live.put(entry.key(), v.text()));
      }
    });
    Optional<String> unsupported = Optional.empty();
    int unsupportedErrno = Errnos.ENOTTY;
    Optional<YamlNode> unsupportedNode = r.node("unsupported");
    if (unsupportedNode.isPresent() && unsupportedNode.get() instanceof YamlMap) {
      Optional<MapReader> u = MapReader.of(unsupportedNode.get(), "'unsupported'", diagnostics);
      if (u.isPresent()) {
        unsupported = u.get().required("reason").flatMap(n -> Scalars.asScalar(n, "reason", diagnostics)).map(YamlScalar::text);
        Optional<YamlScalar> errno = u.get().scalar("errno");
        u.get().finish();
        if (errno.isPresent()) {
          OptionalInt errnoNumber = Errnos.number(errno.get().text());
          if (errnoNumber.isEmpty()) {
            diagnostics.error(errno.get().location(), "errno '" + errno.get().text() + "' is unknown; expected one of: "
                + String.join(", ", Errnos.names()));
          } else {
            unsupportedErrno = errnoNumber.getAsInt();
          }
        }
      }
    } else {
      unsupported = r.string("unsupported");
    }
    boolean outOnError = r.string("outOnError").map(v -> {
      if (!v.equals("true") && !v.equals("false")) {
        diagnostics.error(r.map().get("outOnError").orElseThrow().location(), "outOnError is '" + v + "'; expected true or false");
      }
      return v.equals("true");
    }).orElse(false);
    Optional<FieldSpec.DataDirection> argDir = r.scalar("argDir").flatMap(this::direction);
    Set<String> abis = names(r.scalarList("abis"));
    r.finish();

    // keys that are present but invalid were reported already; judge the shape by what was written
    boolean hasDir = r.map().get("dir").isPresent();
    boolean encoded = hasDir || r.map().get("type").isPresent() || r.map().get("nr").isPresent();
    if (r.map().get("alias").isEmpty() && r.map().get("number").isEmpty()) {
      if (!hasDir || r.map().get("type").isEmpty() || r.map().get("nr").isEmpty()) {
        diagnostics.error(r.location(), "ioctl '" + name + "' needs 'dir', 'type' and 'nr' (or a fixed 'number', or an 'alias')");
      } else if (direction.isPresent() && direction.get() != Direction.NONE && !size.isPresent() && arg.isEmpty()) {
        diagnostics.error(r.location(), "ioctl '" + name + "' is _IO" + (direction.get() == Direction.READ ? "R" : direction.get() == Direction.WRITE ? "W" : "WR")
            + " but has neither 'size' nor 'arg' to take the size from");
      }
    } else if (encoded && r.map().get("number").isPresent()) {
      diagnostics.error(r.location(), "ioctl '" + name + "' has both a fixed 'number' and dir/type/nr; expected one way to number it");
    }
    if (argMode != ArgMode.NONE && r.map().get("arg").isEmpty() && r.map().get("alias").isEmpty()) {
      diagnostics.error(r.location(), "ioctl '" + name + "' has argMode " + argMode.name().toLowerCase(Locale.ROOT) + " but no 'arg' type");
    }
    return new IoctlSpec(name, location, cName, header, direction, type, nr, size, arg, argMode, number, alias,
        translatesTo, handler, fd, live, outOnError, unsupported, unsupportedErrno, argDir, abis, file);
  }

  // ---- shared pieces -------------------------------------------------------------------------

  /** A plain value, or a mapping of ABI name (or {@code default}) to value. */
  private <T> PerAbi<T> perAbi(YamlNode node, String what, Function<YamlScalar, Optional<T>> parse) {
    if (node instanceof YamlMap map) {
      Optional<T> fallback = Optional.empty();
      Map<String, PerAbi.Override<T>> overrides = new LinkedHashMap<>();
      for (YamlMap.Entry entry : map.all()) {
        Optional<T> value = Scalars.asScalar(entry.value(), what + " for " + entry.key(), diagnostics).flatMap(parse);
        if (entry.key().equals("default")) {
          fallback = value;
        } else {
          value.ifPresent(v -> overrides.put(entry.key(), new PerAbi.Override<>(v, entry.keyLocation())));
        }
      }
      return new PerAbi<>(fallback, overrides);
    }
    return Scalars.asScalar(node, what, diagnostics).flatMap(parse).map(PerAbi::of).orElse(PerAbi.absent());
  }

  private Optional<TypeExpr> typeExpr(YamlScalar scalar) {
    return TypeExprParser.parse(scalar, diagnostics);
  }

  private Optional<String> text(YamlScalar scalar) {
    return Optional.of(scalar.text());
  }

  private Optional<Integer> alignment(MapReader r, String key) {
    return r.scalar(key).flatMap(s -> Scalars.integer(s, key, 1, 4096, diagnostics).filter(v -> {
      if (Long.bitCount(v) != 1) {
        diagnostics.error(s.location(), "'" + key + "' is " + v + "; expected a power of two");
        return false;
      }
      return true;
    })).map(Long::intValue);
  }

  private static Set<String> names(List<YamlScalar> scalars) {
    Set<String> out = new LinkedHashSet<>();
    scalars.forEach(s -> out.add(s.text()));
    return out;
  }
}
