package dev.compat32.generator.importer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The integer expressions whose values, compared across ABIs, decide whether a layout is the same:
 * each argument type's {@code sizeof}, and for each record its size and every member's
 * {@code offsetof} and size (bitfields, which {@code offsetof} cannot take, are compared through
 * the record's size and the other members). Alignment is not compared: it moves no byte of the
 * argument itself, and where it moves a member the member's offset differs.
 */
final class LayoutProbes {
  private LayoutProbes() {}

  static String numberKey(String macro) {
    return "N " + macro;
  }

  /** The key of {@code sizeof(cType)}. */
  static String typeKey(String cType) {
    return "T " + cType + " size";
  }

  static String recordKey(String record) {
    return "R " + record + " ";
  }

  static Map<String, String> numbers(Collection<IoctlMacro> macros) {
    Map<String, String> out = new LinkedHashMap<>();
    for (IoctlMacro macro : macros) {
      out.put(numberKey(macro.name()), "(unsigned int)(" + macro.name() + ")");
    }
    return out;
  }

  static void addType(Map<String, String> out, String cType) {
    out.put(typeKey(cType), "sizeof(" + cType + ")");
  }

  static void addRecord(Map<String, String> out, ImportedRecord record) {
    String c = record.cSpelling();
    String key = recordKey(record.name());
    out.put(key + "size", "sizeof(" + c + ")");
    addMembers(out, key, c, "", record.fields());
  }

  private static void addMembers(Map<String, String> out, String key, String c, String prefix, List<ImportedField> fields) {
    for (ImportedField field : fields) {
      String path = field.name().isEmpty() ? prefix : prefix + field.name();
      if (field.inlineKind().isPresent()) {
        if (!field.name().isEmpty()) {
          member(out, key, c, path, false);
        }
        addMembers(out, key, c, path.isEmpty() ? "" : path + ".", field.inlineFields());
      } else if (field.bits().isEmpty()) {
        member(out, key, c, path, field.type().orElse("").endsWith("[]"));
      }
    }
  }

  private static void member(Map<String, String> out, String key, String c, String path, boolean flexible) {
    out.put(key + "offsetof " + path, "offsetof(" + c + ", " + path + ")");
    out.put(key + "sizeof " + path, "sizeof(((" + c + " *)0)->" + path + (flexible ? "[0]" : "") + ")");
  }

  /** Whether the value of {@code key} was measured on every ABI and is the same on all. */
  static boolean sameValue(String key, Map<String, Map<String, Long>> byAbi) {
    return same(key, byAbi, List.of(key));
  }

  /** Whether every value whose key starts with {@code prefix} was measured on every ABI and is the same on all. */
  static boolean same(String prefix, Map<String, Map<String, Long>> byAbi, Collection<String> keys) {
    Map<String, Long> first = null;
    for (Map<String, Long> values : byAbi.values()) {
      if (first == null) {
        first = values;
      }
      for (String key : keys) {
        if (key.startsWith(prefix) && (!values.containsKey(key) || !Objects.equals(values.get(key), first.get(key)))) {
          return false;
        }
      }
    }
    return true;
  }
}
