package dev.compat32.generator.importer;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A member as it is written into the spec: a type spelled in the spec language, or an inline
 * {@code struct}/{@code union} with its own members (anonymous when {@code name} is empty).
 */
record ImportedField(String name, Optional<String> type, Optional<String> inlineKind, List<ImportedField> inlineFields,
    OptionalInt bits, OptionalInt align) {}
