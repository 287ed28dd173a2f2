package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.Optional;

/** {@code typedef TARGET NAME}, optionally with {@code aligned(N)} (as for {@code __aligned_u64}). */
public record TypedefSpec(String name, PerAbi<TypeExpr> target, Optional<Integer> align, SourceLocation location) {}
