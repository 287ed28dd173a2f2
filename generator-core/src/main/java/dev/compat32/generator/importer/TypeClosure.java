package dev.compat32.generator.importer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Pass 3: follows each ioctl's argument type through typedefs, arrays and members to every record
 * and typedef it reaches, spelling each type in the spec language. Names the base specs already
 * declare are used, not imported again; the first header (in sorted order) to declare a name wins.
 * What it finds for each type: whether a pointer is reached, and what cannot be imported.
 *
 * <p>A pointer's target is not followed (the entry needs a hand-written overlay anyway): it is
 * written as {@code T *} for a base or already known type and as {@code void *} otherwise.
 */
final class TypeClosure {
  private static final Set<String> BASE_TYPES = Set.of("char", "signed char", "unsigned char", "short", "unsigned short",
      "int", "unsigned int", "long", "unsigned long", "long long", "unsigned long long", "_Bool", "float", "double");

  /** A type spelled for the spec, with what it reaches. */
  record Resolved(String spelled, boolean pointer, Optional<String> problem, Set<String> records) {}

  private final Set<String> known;
  private final Function<String, Optional<String>> headerOfFile;
  private final Map<String, ImportedRecord> records = new LinkedHashMap<>();
  private final Map<String, ImportedTypedef> typedefs = new LinkedHashMap<>();
  private final Map<String, Resolved> typedefResolutions = new LinkedHashMap<>();
  private final Set<String> inProgress = new HashSet<>();

  /** {@code known}: names the base specs declare; {@code headerOfFile}: the input header a file path is, if any. */
  TypeClosure(Set<String> known, Function<String, Optional<String>> headerOfFile) {
    this.known = Set.copyOf(known);
    this.headerOfFile = headerOfFile;
  }

  Map<String, ImportedRecord> records() {
    return records;
  }

  Map<String, ImportedTypedef> typedefs() {
    return typedefs;
  }

  /** Resolves {@code cType} as {@code family}'s translation unit ({@code types}) declares it. */
  Resolved resolve(String cType, DeclaredTypes types, String family) {
    CSpelling spelling = CSpelling.parse(cType);
    if (spelling.functionPointer()) {
      return new Resolved("void *", true, Optional.empty(), Set.of());
    }
    if (spelling.stars() > 0) {
      return new Resolved(pointee(spelling, types, family) + " *", true, Optional.empty(), Set.of());
    }
    if (spelling.isEnum()) {
      return new Resolved("int" + spelling.suffix(), false, Optional.empty(), Set.of());
    }
    if (spelling.isAnonymous()) {
      return problem("an anonymous record used as a type (" + cType + ")");
    }
    if (spelling.dimensions().contains(0)) {
      return problem("a zero-length array (" + cType + ")");
    }
    Resolved base = resolveBase(spelling.base(), types, family);
    return new Resolved(base.spelled() + spelling.suffix(), base.pointer(), base.problem(), base.records());
  }

  private String pointee(CSpelling spelling, DeclaredTypes types, String family) {
    String base = normalizeBase(spelling.base());
    if (spelling.stars() == 1 && (BASE_TYPES.contains(base) || base.equals("void") || known.contains(base))) {
      return base;
    }
    return "void";
  }

  private Resolved resolveBase(String rawBase, DeclaredTypes types, String family) {
    String base = normalizeBase(rawBase);
    if (BASE_TYPES.contains(base)) {
      return new Resolved(base, false, Optional.empty(), Set.of());
    }
    if (base.startsWith("enum ")) {
      return new Resolved("int", false, Optional.empty(), Set.of());
    }
    if (base.startsWith("struct ") || base.startsWith("union ")) {
      String name = base.substring(base.indexOf(' ') + 1);
      if (known.contains(name)) {
        return new Resolved(name, false, Optional.empty(), Set.of());
      }
      Optional<CRecord> record = types.tag(base);
      if (record.isEmpty()) {
        return problem(base + " has no complete definition");
      }
      return importRecord(record.get(), name, base, types, family);
    }
    if (known.contains(base)) {
      return new Resolved(base, false, Optional.empty(), Set.of());
    }
    Optional<CTypedef> typedef = types.typedef(base);
    if (typedef.isEmpty()) {
      return problem("unknown type '" + base + "'");
    }
    return importTypedef(typedef.get(), types, family);
  }

  private Resolved importTypedef(CTypedef typedef, DeclaredTypes types, String family) {
    Resolved done = typedefResolutions.get(typedef.name());
    if (done != null) {
      return done;
    }
    Optional<CRecord> target = typedef.recordId().flatMap(types::id);
    Resolved resolved;
    if (target.isPresent() && target.get().name().isEmpty()) {
      resolved = importRecord(target.get(), typedef.name(), typedef.name(), types, family);
    } else {
      Resolved inner = resolve(typedef.type(), types, family);
      resolved = new Resolved(typedef.name(), inner.pointer(), inner.problem(), inner.records());
      if (inner.problem().isEmpty() && !inner.spelled().equals(typedef.name())) {
        String header = headerOfFile.apply(typedef.file()).orElse(family);
        typedefs.putIfAbsent(typedef.name(), new ImportedTypedef(typedef.name(), inner.spelled(), typedef.aligned(), header,
            headerOfFile.apply(typedef.file()).orElse(family)));
      }
    }
    typedefResolutions.put(typedef.name(), resolved);
    return resolved;
  }

  private Resolved importRecord(CRecord record, String name, String cSpelling, DeclaredTypes types, String family) {
    ImportedRecord done = records.get(name);
    if (done != null) {
      return new Resolved(name, done.pointer(), done.problem().map(p -> name + ": " + p), done.reached());
    }
    if (!inProgress.add(name)) {
      return problem(name + " contains itself");
    }
    Set<String> reached = new LinkedHashSet<>();
    reached.add(name);
    boolean[] pointer = {false};
    List<String> problems = new ArrayList<>();
    if (record.pragmaPack()) {
      problems.add("it is declared under #pragma pack");
    }
    List<ImportedField> fields = fields(record, types, family, reached, pointer, problems);
    inProgress.remove(name);
    String header = headerOfFile.apply(record.file()).orElse(family);
    ImportedRecord imported = new ImportedRecord(name, record.kind(), cSpelling, header, header, record.packed(),
        record.aligned(), fields, pointer[0], problems.stream().findFirst(), java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(reached)));
    records.put(name, imported);
    return new Resolved(name, pointer[0], imported.problem().map(p -> name + ": " + p), imported.reached());
  }

  private List<ImportedField> fields(CRecord record, DeclaredTypes types, String family, Set<String> reached,
      boolean[] pointer, List<String> problems) {
    List<ImportedField> fields = new ArrayList<>();
    List<CRecord.Member> members = record.members();
    for (int i = 0; i < members.size(); i++) {
      CRecord.Member member = members.get(i);
      if (member.inline().isPresent()) {
        CSpelling spelling = CSpelling.parse(member.type());
        if (!spelling.dimensions().isEmpty() || spelling.stars() > 0) {
          problems.add("member '" + member.name() + "' is an array of, or pointer to, an anonymous record");
          continue;
        }
        CRecord inline = member.inline().get();
        if (inline.members().isEmpty()) {
          // an empty struct (GNU C, size 0), as __DECLARE_FLEX_ARRAY writes: it moves nothing
          continue;
        }
        fields.add(new ImportedField(member.name(), Optional.empty(), Optional.of(inline.kind()),
            fields(inline, types, family, reached, pointer, problems), OptionalInt.empty(), member.aligned()));
        continue;
      }
      if (member.name().isEmpty()) {
        problems.add("an unnamed member (" + member.type() + (member.bits().isPresent() ? ", a padding bitfield" : "") + ")");
        continue;
      }
      String type = member.type();
      CSpelling spelling = CSpelling.parse(type);
      boolean last = i == members.size() - 1;
      if (last && spelling.dimensions().size() == 1 && spelling.dimensions().get(0) == 0) {
        type = type.replaceFirst("\\[\\s*0\\s*\\]\\s*$", "[]");
      }
      Resolved resolved = resolve(type, types, family);
      pointer[0] |= resolved.pointer();
      resolved.problem().ifPresent(p -> problems.add("member '" + member.name() + "': " + p));
      reached.addAll(resolved.records());
      fields.add(new ImportedField(member.name(), Optional.of(resolved.spelled()), Optional.empty(), List.of(),
          member.bits(), member.aligned()));
    }
    return fields;
  }

  /** The spelling the spec language uses for a C base type written any way C allows. */
  static String normalizeBase(String base) {
    String s = base.strip().replaceAll("\\s+", " ");
    return switch (s) {
      case "unsigned", "unsigned int" -> "unsigned int";
      case "signed", "signed int" -> "int";
      case "short int", "signed short", "short signed int", "signed short int" -> "short";
      case "unsigned short int", "short unsigned int" -> "unsigned short";
      case "long int", "signed long", "long signed int", "signed long int" -> "long";
      case "unsigned long int", "long unsigned int" -> "unsigned long";
      case "long long int", "signed long long", "long long signed int", "signed long long int" -> "long long";
      case "unsigned long long int", "long long unsigned int" -> "unsigned long long";
      default -> s;
    };
  }

  private static Resolved problem(String why) {
    return new Resolved("void", false, Optional.of(why), Set.of());
  }
}
