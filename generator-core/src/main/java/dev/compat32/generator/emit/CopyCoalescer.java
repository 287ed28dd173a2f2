package dev.compat32.generator.emit;

import com.palantir.javapoet.CodeBlock;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.ByteShapes;
import dev.compat32.generator.layout.CType;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place generated code copies bytes raw. It holds back a copy until the next statement, so
 * that copies continuing one another (members laid out alike on both sides, one after the other)
 * become one copy: a struct such as {@code loop_info} then moves its 112 alike bytes in one call
 * instead of six. And it takes only {@link Bytes}, which cannot be made for bytes that hold a
 * pointer on either side: a guest pointer is never copied raw into a host struct.
 */
final class CopyCoalescer {
  /** A byte count checked to hold no pointer or address. */
  static final class Bytes {
    private final long size;

    private Bytes(long size) {
      this.size = size;
    }

    /** A member's bytes, alike on both sides. */
    static Bytes of(CType guest, CType host) {
      if (ByteShapes.holdsPointer(guest) || ByteShapes.holdsPointer(host)) {
        throw new IllegalStateException("compat32 bug: a raw copy of " + guest.spelling() + " / " + host.spelling()
            + ", which holds a pointer");
      }
      return new Bytes(guest.size());
    }

    /** Bytes {@code [start, end)} of a union, refused where any member of either side holds a pointer. */
    static Bytes ofUnion(AggregateLayout guest, AggregateLayout host, long start, long end) {
      for (ByteShapes.Range r : pointers(guest, host)) {
        if (r.overlaps(start, end)) {
          throw new IllegalStateException("compat32 bug: a raw copy of union bytes " + start + ".." + end
              + " over a pointer at " + r.start() + ".." + r.end());
        }
      }
      return new Bytes(end - start);
    }

    /**
     * Union bytes past a live member carried back to the guest: what the kernel wrote there. Only
     * ever toward the guest, where no host pointer can come of it.
     */
    static Bytes carried(long size) {
      return new Bytes(size);
    }

    /** The parts of {@code [start, end)} that no member of either side holds a pointer in. */
    static List<ByteShapes.Range> pointerFree(AggregateLayout guest, AggregateLayout host, long start, long end) {
      List<ByteShapes.Range> out = new ArrayList<>();
      long at = start;
      while (at < end) {
        long from = at;
        ByteShapes.Range blocking = pointers(guest, host).stream().filter(r -> r.overlaps(from, from + 1)).findFirst().orElse(null);
        if (blocking != null) {
          at = blocking.end();
          continue;
        }
        long stop = end;
        for (ByteShapes.Range r : pointers(guest, host)) {
          if (r.start() > at && r.start() < stop) {
            stop = r.start();
          }
        }
        out.add(new ByteShapes.Range(at, stop));
        at = stop;
      }
      return out;
    }

    private static List<ByteShapes.Range> pointers(AggregateLayout guest, AggregateLayout host) {
      List<ByteShapes.Range> out = new ArrayList<>(ByteShapes.pointers(guest));
      out.addAll(ByteShapes.pointers(host));
      return out;
    }
  }

  /** An offset expression split into its symbolic part and its constant: {@code (g + 16) + 4} is {@code g} and 20. */
  private record Offset(String base, long constant) {
    static Offset parse(String expression) {
      List<String> symbols = new ArrayList<>();
      long constant = 0;
      for (String term : expression.replace("(", "").replace(")", "").split(" \\+ ")) {
        String t = term.strip();
        if (t.matches("\\d+")) {
          constant += Long.parseLong(t);
        } else {
          symbols.add(t);
        }
      }
      return new Offset(String.join(" + ", symbols), constant);
    }

    String render(long plus) {
      return base.isEmpty() ? Long.toString(constant + plus) : base + " + " + (constant + plus);
    }
  }

  private String fromSegment;
  private String toSegment;
  private Offset from;
  private Offset to;
  private long size;
  private String firstLabel;
  private String lastLabel;

  /** Copies the checked {@code bytes} of the member {@code label}, now or merged with the copy before it. */
  void copy(CodeBlock.Builder code, String fromSegment, String fromOffset, String toSegment, String toOffset, Bytes bytes,
      String label) {
    long size = bytes.size;
    if (size == 0) {
      return;
    }
    Offset f = Offset.parse(fromOffset);
    Offset t = Offset.parse(toOffset);
    if (this.size > 0 && fromSegment.equals(this.fromSegment) && toSegment.equals(this.toSegment)
        && f.base().equals(from.base()) && t.base().equals(to.base())
        && f.constant() == from.constant() + this.size && t.constant() == to.constant() + this.size) {
      this.size += size;
      this.lastLabel = label;
      return;
    }
    flush(code);
    this.fromSegment = fromSegment;
    this.toSegment = toSegment;
    this.from = f;
    this.to = t;
    this.size = size;
    this.firstLabel = label;
    this.lastLabel = label;
  }

  /** Names the members a copy moves: one, or the first and last of a run. */
  private String comment() {
    if (firstLabel.isEmpty()) {
      return "";
    }
    return " // " + (firstLabel.equals(lastLabel) ? firstLabel : firstLabel + " .. " + lastLabel);
  }

  /** Writes the held-back copy, if any. */
  void flush(CodeBlock.Builder code) {
    if (size == 0) {
      return;
    }
    if (size == 1 || size == 2 || size == 4 || size == 8) {
      String layout = RuntimeTypes.layout((int) size);
      code.add("$L.set($L, $L, $L.get($L, $L));$L\n", toSegment, layout, to.render(0), fromSegment, layout, from.render(0),
          comment());
    } else {
      code.add("$T.copy($L, $L, $L, $L, $LL);$L\n", RuntimeTypes.MEMORY_SEGMENT, fromSegment, from.render(0), toSegment,
          to.render(0), size, comment());
    }
    size = 0;
  }
}
