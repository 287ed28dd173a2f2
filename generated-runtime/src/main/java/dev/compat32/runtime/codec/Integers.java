package dev.compat32.runtime.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/** Integers of 1, 2, 4 or 8 bytes at any alignment, read with the right extension; for code that chooses the size at run time. */
public final class Integers {
  private Integers() {}

  public static long read(MemorySegment segment, long offset, long size, boolean signed) {
    return switch ((int) size) {
      case 1 -> signed ? segment.get(JAVA_BYTE, offset) : Byte.toUnsignedLong(segment.get(JAVA_BYTE, offset));
      case 2 -> signed ? segment.get(JAVA_SHORT_UNALIGNED, offset) : Short.toUnsignedLong(segment.get(JAVA_SHORT_UNALIGNED, offset));
      case 4 -> signed ? segment.get(JAVA_INT_UNALIGNED, offset) : Integer.toUnsignedLong(segment.get(JAVA_INT_UNALIGNED, offset));
      case 8 -> segment.get(JAVA_LONG_UNALIGNED, offset);
      default -> throw new IllegalArgumentException("no integer of " + size + " bytes");
    };
  }

  /** Stores the low {@code size} bytes of {@code value}. */
  public static void write(MemorySegment segment, long offset, long size, long value) {
    switch ((int) size) {
      case 1 -> segment.set(JAVA_BYTE, offset, (byte) value);
      case 2 -> segment.set(JAVA_SHORT_UNALIGNED, offset, (short) value);
      case 4 -> segment.set(JAVA_INT_UNALIGNED, offset, (int) value);
      case 8 -> segment.set(JAVA_LONG_UNALIGNED, offset, value);
      default -> throw new IllegalArgumentException("no integer of " + size + " bytes");
    }
  }
}
