package dev.compat32.generator.emit;

import com.palantir.javapoet.CodeBlock;

/** Reads and writes of integers in generated code: one spelling for every emitter. */
final class ScalarAccess {
  private ScalarAccess() {}

  /** A {@code long} read of a {@code size}-byte integer at {@code offset}, sign- or zero-extended. */
  static CodeBlock read(String segment, String offset, int size, boolean signed) {
    if (size == 8 || signed) {
      return CodeBlock.of(size == 8 ? "$L.get($L, $L)" : "(long) $L.get($L, $L)", segment, RuntimeTypes.layout(size), offset);
    }
    return CodeBlock.of("$L.toUnsignedLong($L.get($L, $L))", RuntimeTypes.unsignedHelper(size), segment,
        RuntimeTypes.layout(size), offset);
  }

  /** A statement (without its semicolon) storing the low {@code size} bytes of {@code value}. */
  static CodeBlock write(String segment, String offset, int size, CodeBlock value) {
    if (size == 8) {
      return CodeBlock.of("$L.set($L, $L, $L)", segment, RuntimeTypes.layout(size), offset, value);
    }
    return CodeBlock.of("$L.set($L, $L, ($L) ($L))", segment, RuntimeTypes.layout(size), offset, RuntimeTypes.javaType(size), value);
  }

  /** The value of a bitfield of {@code width} bits at bit {@code shift} of a storage unit read as unsigned. */
  static CodeBlock extractBits(CodeBlock unit, int shift, int width, boolean signed) {
    return signed
        ? CodeBlock.of("($L << $L) >> $L", unit, 64 - shift - width, 64 - width)
        : CodeBlock.of("($L >>> $L) & $LL", unit, shift, mask(width));
  }

  /** The storage unit {@code unit} with the bitfield at {@code shift} replaced by the low bits of {@code value}. */
  static CodeBlock insertBits(CodeBlock unit, int shift, int width, CodeBlock value) {
    return CodeBlock.of("($L & ~($LL << $L)) | (($L & $LL) << $L)", unit, mask(width), shift, value, mask(width), shift);
  }

  private static long mask(int width) {
    return width == 64 ? -1L : (1L << width) - 1;
  }
}
