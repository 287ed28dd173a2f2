package dev.compat32.runtime.codec;

/**
 * Arithmetic on guest-supplied lengths, for the generated code: saturating, so a huge or negative
 * guest value stays huge or negative instead of wrapping into a small plausible one.
 */
public final class Counts {
  private Counts() {}

  public static long add(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  public static long sub(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  public static long mul(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
      return low;
    }
    return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  /** Division by zero gives zero elements, never an exception. */
  public static long div(long a, long b) {
    if (b == 0) {
      return 0;
    }
    return a == Long.MIN_VALUE && b == -1 ? Long.MAX_VALUE : a / b;
  }

  /** The byte length of {@code count} elements of {@code size} bytes; a negative count is none. */
  public static long bytes(long count, long size) {
    return count <= 0 ? 0 : mul(count, size);
  }

  /**
   * A byte count of elements of {@code from} bytes, as bytes of the same elements of {@code to}
   * bytes, clamped to what a signed integer of {@code toBytes} bytes holds; negative stays negative.
   */
  public static long rescale(long value, long from, long to, int toBytes) {
    long scaled = mul(div(value, from), to);
    long max = toBytes >= 8 ? Long.MAX_VALUE : (1L << (8 * toBytes - 1)) - 1;
    long min = toBytes >= 8 ? Long.MIN_VALUE : -(1L << (8 * toBytes - 1));
    return Math.max(min, Math.min(max, scaled));
  }
}
