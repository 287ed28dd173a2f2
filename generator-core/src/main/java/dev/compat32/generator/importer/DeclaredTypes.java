package dev.compat32.generator.importer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The records and typedefs one header's translation unit declares, by tag, id and name. */
final class DeclaredTypes {
  private final Map<String, CRecord> byTag = new LinkedHashMap<>();
  private final Map<String, CRecord> byId = new LinkedHashMap<>();
  private final Map<String, CTypedef> typedefs = new LinkedHashMap<>();

  void add(CRecord record) {
    byId.put(record.id(), record);
    record.name().ifPresent(n -> byTag.putIfAbsent(record.tag(), record));
  }

  void add(CTypedef typedef) {
    typedefs.putIfAbsent(typedef.name(), typedef);
  }

  /** The complete definition of {@code struct NAME} or {@code union NAME}. */
  Optional<CRecord> tag(String tag) {
    return Optional.ofNullable(byTag.get(tag));
  }

  Optional<CRecord> id(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  Optional<CTypedef> typedef(String name) {
    return Optional.ofNullable(typedefs.get(name));
  }
}
