package dev.compat32.generator.emit;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds back a byte copy of generated code until the next statement, so that copies continuing one
 * another (members laid out alike on both sides, one after the other) become one copy: a struct
 * such as {@code loop_info} then moves its 112 alike bytes in one call instead of six.
 */
final class CopyCoalescer {
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

  /** Copies {@code size} bytes of the member {@code label}, now or merged with the copy before it. */
  void copy(CodeBlock.Builder code, String fromSegment, String fromOffset, String toSegment, String toOffset, long size,
      String label) {
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
