package dev.compat32.generator.layout;

import dev.compat32.generator.spec.TypeExpr;

/** A type resolved for one ABI: what it is, and its size and alignment there. */
public sealed interface CType {

  int size();

  int align();

  /** How the type reads in a layout table. */
  String spelling();

  /** An integer, floating-point or boolean scalar. */
  record Scalar(String name, int size, int align, ScalarKind kind) implements CType {
    @Override
    public String spelling() {
      return name;
    }
  }

  /**
   * A guest or host pointer, or an integer member that carries a user address ({@code address} in
   * the spec: then {@code integer} names its integer type and size and alignment are that type's).
   * Its bytes reach the other side only translated, never copied.
   */
  record Pointer(PointerTarget target, int size, int align, java.util.Optional<String> integer) implements CType {
    @Override
    public String spelling() {
      return integer.orElse(target.spelling() + " *");
    }
  }

  /** An array; {@code length} is {@link TypeExpr#FLEXIBLE} for a flexible array member. */
  record Array(CType element, int length) implements CType {
    @Override
    public int size() {
      return length == TypeExpr.FLEXIBLE ? 0 : element.size() * length;
    }

    @Override
    public int align() {
      return element.align();
    }

    /** As C writes it: the outermost dimension first ({@code short[2][3]} is two arrays of three). */
    @Override
    public String spelling() {
      StringBuilder dimensions = new StringBuilder();
      CType type = this;
      while (type instanceof Array array) {
        dimensions.append('[').append(array.length() == TypeExpr.FLEXIBLE ? "" : array.length()).append(']');
        type = array.element();
      }
      return type.spelling() + dimensions;
    }
  }

  /** A named or inline struct or union. */
  record Aggregate(AggregateLayout layout) implements CType {
    @Override
    public int size() {
      return layout.size();
    }

    @Override
    public int align() {
      return layout.align();
    }

    @Override
    public String spelling() {
      return layout.name().map(n -> layout.kind().keyword() + " " + n)
          .orElse("(anonymous " + layout.kind().keyword() + ")");
    }
  }

  /** A typedef keeps its name for the reader while taking its target's shape, maybe re-aligned. */
  record Named(String name, CType target, int align) implements CType {
    @Override
    public int size() {
      return target.size();
    }

    @Override
    public String spelling() {
      return name;
    }
  }

  /** Strips typedef names. */
  static CType unwrap(CType type) {
    CType at = type;
    while (at instanceof Named named) {
      at = named.target();
    }
    return at;
  }
}
