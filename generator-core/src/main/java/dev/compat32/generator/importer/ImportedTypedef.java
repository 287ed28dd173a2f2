package dev.compat32.generator.importer;

import java.util.OptionalInt;

/** A typedef to write: its name, its target in the spec language, its header and family file. */
record ImportedTypedef(String name, String target, OptionalInt align, String header, String family) {}
