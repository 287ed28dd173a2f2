package dev.compat32.generator.conformance;

import dev.compat32.generator.diagnostics.SourceLocation;

/**
 * One value the compiler is asked for, with what the layout engine expects.
 *
 * @param what e.g. {@code offsetof(struct fiemap, fm_start)}
 */
public record ProbeCheck(int id, String what, long expected, SourceLocation location) {}
