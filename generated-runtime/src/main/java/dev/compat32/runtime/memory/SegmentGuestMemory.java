package dev.compat32.runtime.memory;

import dev.compat32.runtime.codec.ConversionException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Guest memory backed by one native segment: guest address = offset into it. Address 0 is the
 * guest's NULL and never valid, as the first page of a process is never mapped.
 */
public final class SegmentGuestMemory implements GuestMemory {
  private static final long NULL_GUARD = 4096;

  private final MemorySegment memory;

  public SegmentGuestMemory(MemorySegment memory) {
    if (memory.byteSize() > 1L << 32) {
      throw new IllegalArgumentException("guest memory is at most 4 GiB, got " + memory.byteSize());
    }
    this.memory = memory;
  }

  /** Allocates {@code size} zeroed bytes of guest memory in {@code arena}. */
  public static SegmentGuestMemory allocate(Arena arena, long size) {
    return new SegmentGuestMemory(arena.allocate(size, 4096));
  }

  /** The backing segment, to fill and inspect guest memory in tests and tools. */
  public MemorySegment backing() {
    return memory;
  }

  @Override
  public boolean contains(long guestAddress, long length) {
    return guestAddress >= NULL_GUARD && length >= 0 && guestAddress <= memory.byteSize()
        && length <= memory.byteSize() - guestAddress;
  }

  @Override
  public long available(long guestAddress) {
    return contains(guestAddress, 1) ? memory.byteSize() - guestAddress : 0;
  }

  @Override
  public MemorySegment slice(long guestAddress, long length) throws ConversionException {
    if (!contains(guestAddress, length)) {
      throw ConversionException.fault("guest range 0x" + Long.toHexString(guestAddress) + "+" + length + " is outside guest memory");
    }
    return memory.asSlice(guestAddress, length);
  }

  @Override
  public long toHost(long guestAddress) throws ConversionException {
    if (guestAddress == 0) {
      return 0;
    }
    if (!contains(guestAddress, 0)) {
      throw ConversionException.fault("guest pointer 0x" + Long.toHexString(guestAddress) + " is outside guest memory");
    }
    return memory.address() + guestAddress;
  }

  @Override
  public long toGuest(long hostAddress) throws ConversionException {
    if (hostAddress == 0) {
      return 0;
    }
    long offset = hostAddress - memory.address();
    if (!contains(offset, 0)) {
      throw ConversionException.fault("host address 0x" + Long.toHexString(hostAddress) + " is not in guest memory");
    }
    return offset;
  }
}
