package dev.compat32.generator.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * What the bytes of a type are, across two ABIs: whether they mean the same on both (so copying is
 * converting) and where pointers lie (bytes that may only ever be translated).
 */
public final class ByteShapes {
  private ByteShapes() {}

  /** A byte range {@code [start, end)} within a type. */
  public record Range(long start, long end) {
    public boolean overlaps(long from, long to) {
      return start < to && from < end;
    }
  }

  /** Whether the two types have the same bytes on both ABIs; a pointer never has. */
  public static boolean sameBytes(CType guestType, CType hostType) {
    CType g = CType.unwrap(guestType);
    CType h = CType.unwrap(hostType);
    return switch (g) {
      case CType.Scalar gs -> h instanceof CType.Scalar hs && gs.size() == hs.size();
      case CType.Pointer gp -> false;
      case CType.Array ga -> h instanceof CType.Array ha && ga.length() == ha.length() && sameBytes(ga.element(), ha.element());
      case CType.Aggregate ga -> h instanceof CType.Aggregate ha && sameBytes(ga.layout(), ha.layout());
      case CType.Named n -> false;  // unwrapped above
    };
  }

  public static boolean sameBytes(AggregateLayout g, AggregateLayout h) {
    if (g.size() != h.size() || g.members().size() != h.members().size()) {
      return false;
    }
    for (int i = 0; i < g.members().size(); i++) {
      AggregateLayout.Member a = g.members().get(i);
      AggregateLayout.Member b = h.members().get(i);
      if (a.offset() != b.offset() || !a.bitOffset().equals(b.bitOffset()) || !sameBytes(a.type(), b.type())) {
        return false;
      }
    }
    return true;
  }

  /** Where pointers (and addresses) lie in {@code type}, in every member of every union. */
  public static List<Range> pointers(CType type) {
    List<Range> out = new ArrayList<>();
    collect(type, 0, out);
    return out;
  }

  public static List<Range> pointers(AggregateLayout layout) {
    return pointers(new CType.Aggregate(layout));
  }

  public static boolean holdsPointer(CType type) {
    return !pointers(type).isEmpty();
  }

  private static void collect(CType type, long at, List<Range> out) {
    switch (CType.unwrap(type)) {
      case CType.Scalar s -> { }
      case CType.Pointer p -> out.add(new Range(at, at + p.size()));
      case CType.Array a -> {
        if (a.length() > 0 && holdsPointer(a.element())) {
          for (int i = 0; i < a.length(); i++) {
            collect(a.element(), at + (long) i * a.element().size(), out);
          }
        }
      }
      case CType.Aggregate a -> a.layout().members().forEach(m -> collect(m.type(), at + m.offset(), out));
      case CType.Named n -> collect(n.target(), at, out);
    }
  }
}
