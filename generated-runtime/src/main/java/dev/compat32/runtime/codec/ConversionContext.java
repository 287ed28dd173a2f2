package dev.compat32.runtime.codec;

import dev.compat32.runtime.memory.GuestMemory;
import dev.compat32.runtime.memory.NoAccessPage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's state for converting one call: the guest memory and a scratch area for host-side
 * copies. The scratch buffer is reused from call to call ({@link #reset}) and only grows, so the
 * steady state allocates nothing. Not shared between threads.
 */
public final class ConversionContext {
  private static final long INITIAL_SCRATCH = 64 * 1024;

  private final GuestMemory memory;
  private MemorySegment scratch;
  private long used;
  // buffers outgrown during the current call: their blocks stay valid until reset
  private final java.util.ArrayList<MemorySegment> outgrown = new java.util.ArrayList<>();

  public ConversionContext(GuestMemory memory) {
    this.memory = memory;
    this.scratch = Arena.ofAuto().allocate(INITIAL_SCRATCH, 16);
  }

  public GuestMemory memory() {
    return memory;
  }

  /** Frees all scratch memory of the previous call. */
  public void reset() {
    used = 0;
    outgrown.clear();
  }

  /** Bounds-checked guest bytes. */
  public MemorySegment guest(long guestAddress, long length) throws ConversionException {
    return memory.slice(guestAddress, length);
  }

  /** Zeroed host scratch memory, valid until {@link #reset}. */
  public MemorySegment scratch(long length, long align) throws ConversionException {
    if (length < 0 || length > Integer.MAX_VALUE) {
      throw new ConversionException(dev.compat32.runtime.Errno.ENOMEM, "scratch of " + length + " bytes");
    }
    long start = (used + align - 1) / align * align;
    if (start + length > scratch.byteSize()) {
      grow(start + length);
      start = 0;
    }
    used = start + length;
    MemorySegment out = scratch.asSlice(start, length);
    out.fill((byte) 0);
    return out;
  }

  /** The most scratch one guest-sized buffer gets. */
  public static final long SCRATCH_CAP = 1L << 20;

  /**
   * Zeroed host scratch for a buffer the guest sized. Over {@link #SCRATCH_CAP} the guest's number
   * is refused (EFAULT, as for memory the guest does not have) rather than allocated.
   */
  public MemorySegment boundedScratch(long length, long align) throws ConversionException {
    if (length < 0 || length > SCRATCH_CAP) {
      throw ConversionException.fault("a guest buffer of " + length + " bytes (at most " + SCRATCH_CAP + ")");
    }
    return scratch(length, align);
  }

  /** A scratch block the kernel was handed back, checked to lie in this call's scratch memory. */
  public MemorySegment hostBuffer(long hostAddress, long length) throws ConversionException {
    long offset = hostAddress - scratch.address();
    if (offset >= 0 && length >= 0 && offset <= used && length <= used - offset) {
      return scratch.asSlice(offset, length);
    }
    for (MemorySegment old : outgrown) {
      long at = hostAddress - old.address();
      if (at >= 0 && length >= 0 && at <= old.byteSize() && length <= old.byteSize() - at) {
        return old.asSlice(at, length);
      }
    }
    throw ConversionException.fault("host pointer 0x" + Long.toHexString(hostAddress) + " is not this call's scratch");
  }

  /**
   * The host address of a guest pointer inside a struct. A pointer outside guest memory becomes the
   * {@link NoAccessPage}: the kernel then faults when, and only when, it follows it.
   */
  public long hostAddress(long guestAddress) {
    if (guestAddress == 0) {
      return 0;
    }
    try {
      return memory.toHost(guestAddress);
    } catch (ConversionException e) {
      return NoAccessPage.ADDRESS;
    }
  }

  /**
   * The guest pointer for a host address the kernel left in a struct; {@code current} (what the
   * guest struct holds) where the host side is the {@link NoAccessPage} standing in for it.
   */
  public long guestAddress(long hostAddress, long current) throws ConversionException {
    return hostAddress == NoAccessPage.ADDRESS ? current : memory.toGuest(hostAddress);
  }

  /** Whether {@code [guestAddress, guestAddress + length)} is guest memory, for pointers the kernel will follow. */
  public boolean isGuest(long guestAddress, long length) {
    return memory.contains(guestAddress, length);
  }

  private void grow(long needed) {
    // earlier blocks of this call stay valid: the old buffer is kept until reset, then left to the GC
    outgrown.add(scratch.asSlice(0, used));
    long size = Math.max(needed, scratch.byteSize() * 2);
    scratch = Arena.ofAuto().allocate(size, 16);
    used = 0;
  }
}
