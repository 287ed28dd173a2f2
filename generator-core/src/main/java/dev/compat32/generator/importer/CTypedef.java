package dev.compat32.generator.importer;

import java.util.Optional;
import java.util.OptionalInt;

/** A typedef as clang's AST declares it: the type it names as C spells it, or the record it names. */
record CTypedef(String name, String type, Optional<String> recordId, String file, OptionalInt aligned) {}
