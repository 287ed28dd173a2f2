package dev.compat32.generator.layout;

import dev.compat32.generator.spec.TypeExpr;
import java.util.Optional;

/**
 * What a pointer points to on one ABI. The target is resolved once the layouts it may refer back
 * to exist (a struct may point to itself), so it is bound after the pointer is made, exactly once.
 * {@code void} and pointers declared {@code opaque} have no target to convert: only the address is
 * translated.
 */
public final class PointerTarget {
  private final TypeExpr spelled;
  private final boolean opaque;
  private volatile CType type;

  PointerTarget(TypeExpr spelled, boolean opaque) {
    this.spelled = spelled;
    this.opaque = opaque;
  }

  /** The target as the spec writes it. */
  public TypeExpr spelled() {
    return spelled;
  }

  public boolean isVoid() {
    return spelled.base().equals("void") && !spelled.pointer() && !spelled.isArray();
  }

  /** Whether nothing behind the pointer is converted: {@code void}, or declared {@code opaque}. */
  public boolean isOpaque() {
    return opaque || isVoid();
  }

  /** The resolved target; empty for {@code void}, or when its name is unknown (reported where it was resolved). */
  public Optional<CType> type() {
    return Optional.ofNullable(type);
  }

  void bind(CType resolved) {
    if (type != null) {
      throw new IllegalStateException("pointer target " + spelled + " bound twice");
    }
    type = resolved;
  }

  public String spelling() {
    return spelled.toString();
  }

  @Override
  public String toString() {
    return spelling();
  }
}
