package dev.compat32.generator.emit;

import com.palantir.javapoet.CodeBlock;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.CountExpr;
import dev.compat32.generator.spec.FieldSpec;
import java.util.function.Function;

/**
 * Renders a count as Java: each member read with its own extension, the arithmetic saturating
 * ({@code Counts}), a count in bytes divided into elements, and never below zero.
 */
final class CountCode {
  private CountCode() {}

  /**
   * The element count {@code count} gives, reading members of {@code layout} in {@code segment} at
   * {@code base}; {@code element} is the size of one element on that side.
   */
  static CodeBlock elements(FieldSpec.Count count, StructLayout layout, String segment, String base, long element) {
    CodeBlock value = expression(count.expr(), path -> member(layout, path, segment, base));
    if (count.unit() == FieldSpec.CountUnit.BYTES) {
      value = CodeBlock.of("$T.div($L, $L)", RuntimeTypes.COUNTS, value, element);
    }
    return CodeBlock.of("Math.max(0L, $L)", value);
  }

  static CodeBlock expression(CountExpr expr, Function<String, CodeBlock> member) {
    return switch (expr) {
      case CountExpr.Ref ref -> member.apply(ref.path());
      case CountExpr.Literal literal -> CodeBlock.of("$LL", literal.value());
      case CountExpr.Binary binary -> CodeBlock.of("$T.$L($L, $L)", RuntimeTypes.COUNTS, switch (binary.op()) {
        case '+' -> "add";
        case '-' -> "sub";
        case '*' -> "mul";
        default -> "div";
      }, expression(binary.left(), member), expression(binary.right(), member));
    };
  }

  /** Reads the integer member at {@code path} of {@code layout}. */
  static CodeBlock member(StructLayout layout, String path, String segment, String base) {
    StructLayout.Field field = layout.fields().stream().filter(f -> f.path().equals(path)).findFirst()
        .orElseThrow(() -> new IllegalStateException("unchecked count member " + path + " of " + layout.name()));
    CType.Scalar type = (CType.Scalar) CType.unwrap(field.member().type());
    return ScalarAccess.read(segment, base + " + " + field.offset(), type.size(), type.kind() == ScalarKind.SIGNED);
  }
}
