package dev.compat32.generator.importer;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A struct or union to write: its spec name, its C spelling ({@code struct X}, or the typedef of
 * an anonymous one), the header the conformance probe includes for it, the family file it goes to,
 * its members, and what the import found: whether it reaches a pointer, what could not be
 * imported, and every record it reaches (itself included, sorted so reports do not depend on hash
 * order) for the layout comparison.
 */
record ImportedRecord(String name, String kind, String cSpelling, String header, String family, boolean packed,
    OptionalInt aligned, List<ImportedField> fields, boolean pointer, Optional<String> problem, Set<String> reached) {}
