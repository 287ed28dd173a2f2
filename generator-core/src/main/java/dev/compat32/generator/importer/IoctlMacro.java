package dev.compat32.generator.importer;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A macro found to be an ioctl command: an {@code _IOC} form (the type inside its {@code sizeof},
 * if any, or a literal size) or a fixed number of a legacy family.
 *
 * @param ordinal its place among the header's macros, so output follows the header's order
 */
public record IoctlMacro(String name, String header, int ordinal, boolean fixed, Optional<String> sizeofType,
    OptionalLong literalSize) {}
