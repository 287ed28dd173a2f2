package dev.compat32.runtime.codec;

import java.lang.foreign.MemorySegment;

/**
 * Converts one struct between its guest and host layouts. The generated class of each struct
 * provides one as {@code CODEC}; conversions are straight-line code over segments.
 */
public interface StructCodec {

  /** The C name and where the spec declares it, for messages. */
  String name();

  /** The guest size without any flexible array. */
  long guestFixedSize();

  /** The host size without any flexible array. */
  long hostFixedSize();

  long hostAlign();

  /** The guest size of the struct at {@code g}, counting a flexible array by its count field. */
  default long guestSize(MemorySegment guest, long g) {
    return guestFixedSize();
  }

  /** The guest size of one element of the flexible array; 0 without one. */
  default long guestElementSize() {
    return 0;
  }

  /** The host size of one element of the flexible array; 0 without one. */
  default long hostElementSize() {
    return 0;
  }

  /** The host size needed for the guest struct at {@code g}. */
  long hostSize(MemorySegment guest, long g);

  void toHost(ConversionContext ctx, MemorySegment guest, long g, MemorySegment host, long h) throws ConversionException;

  void toGuest(ConversionContext ctx, MemorySegment host, long h, MemorySegment guest, long g) throws ConversionException;
}
