package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.List;

/**
 * A type as written in a spec: a base name, then an optional {@code *}, then array dimensions,
 * e.g. {@code unsigned long}, {@code char[16]}, {@code fiemap_extent[]}, {@code ifreq *}. A
 * {@link #FLEXIBLE} dimension is a flexible array member.
 */
public record TypeExpr(String base, boolean pointer, List<Integer> dimensions, SourceLocation location) {
  public static final int FLEXIBLE = -1;

  public TypeExpr {
    dimensions = List.copyOf(dimensions);
  }

  public static TypeExpr named(String base, SourceLocation location) {
    return new TypeExpr(base, false, List.of(), location);
  }

  public boolean isArray() {
    return !dimensions.isEmpty();
  }

  public boolean isFlexible() {
    return isArray() && dimensions.get(0) == FLEXIBLE;
  }

  /** The type of one element, or this type when it is no array. */
  public TypeExpr element() {
    return isArray() ? new TypeExpr(base, pointer, dimensions.subList(1, dimensions.size()), location) : this;
  }

  /** The pointed-to type of a pointer. */
  public TypeExpr target() {
    return new TypeExpr(base, false, List.of(), location);
  }

  public boolean isVoidPointer() {
    return pointer && base.equals("void");
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(base);
    if (pointer) {
      text.append(" *");
    }
    for (int dimension : dimensions) {
      text.append('[').append(dimension == FLEXIBLE ? "" : Integer.toString(dimension)).append(']');
    }
    return text.toString();
  }
}
