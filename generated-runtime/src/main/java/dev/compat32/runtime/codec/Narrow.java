package dev.compat32.runtime.codec;

/** Range checks for host values stored into narrower guest fields with {@code narrowing: eoverflow}. */
public final class Narrow {
  private Narrow() {}

  /** {@code value} if it fits a signed field of {@code bits} bits, else EOVERFLOW. */
  public static long signed(long value, int bits, String field) throws ConversionException {
    long min = -(1L << (bits - 1));
    long max = (1L << (bits - 1)) - 1;
    if (value < min || value > max) {
      throw ConversionException.overflow(field + " = " + value + " does not fit " + bits + " signed bits");
    }
    return value;
  }

  /** {@code value} if it fits an unsigned field of {@code bits} bits, else EOVERFLOW. */
  public static long unsigned(long value, int bits, String field) throws ConversionException {
    if (bits < 64 && (value >>> bits) != 0) {
      throw ConversionException.overflow(field + " = " + Long.toUnsignedString(value) + " does not fit " + bits + " unsigned bits");
    }
    return value;
  }
}
