package dev.compat32.runtime.memory;

import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Guest memory backed by one native segment: guest address = offset into it. Address 0 is the
 * guest's NULL and never valid, as the first page of a process is never mapped.
 *
 * <p>compat32 checks every pointer and length it can see, but the kernel follows some pointers for
 * lengths only it knows (an opaque {@code ifr_data}); what it reads or writes past the segment's end
 * must fault as past the end of an i386 process's memory. {@link #allocate} ends the segment at a
 * no-access page; a segment given to the constructor must end at one too, or the kernel may reach
 * whatever host memory follows it.
 */
public final class SegmentGuestMemory implements GuestMemory {
  private static final long PAGE = 4096;
  private static final long NULL_GUARD = PAGE;

  private final MemorySegment memory;
  private final boolean endsAtNoAccess;

  /** Guest memory over {@code memory}, which compat32 cannot tell ends at a no-access page. */
  public SegmentGuestMemory(MemorySegment memory) {
    this(memory, false);
  }

  private SegmentGuestMemory(MemorySegment memory, boolean endsAtNoAccess) {
    if (memory.byteSize() > 1L << 32) {
      throw new IllegalArgumentException("guest memory is at most 4 GiB, got " + memory.byteSize());
    }
    this.memory = memory;
    this.endsAtNoAccess = endsAtNoAccess;
  }

  @Override
  public boolean endsAtNoAccess() {
    return endsAtNoAccess;
  }

  /**
   * Maps {@code size} zeroed bytes of guest memory that end where a no-access page begins; both are
   * unmapped when {@code arena} closes. The start is page aligned when {@code size} is a multiple of a page.
   */
  @SuppressWarnings("restricted")
  public static SegmentGuestMemory allocate(Arena arena, long size) {
    if (size <= 0 || size > 1L << 32) {
      throw new IllegalArgumentException("guest memory is 1 byte to 4 GiB, got " + size);
    }
    MemorySegment state = LinuxNative.newCallState(Arena.ofAuto());
    long pages = (size + PAGE - 1) / PAGE;
    long length = (pages + 1) * PAGE;
    long base = LinuxNative.mmapAnonymous(state, 0, length, LinuxNative.PROT_READ | LinuxNative.PROT_WRITE,
        LinuxNative.MAP_PRIVATE | LinuxNative.MAP_NORESERVE);
    if (base < 0) {
      throw new IllegalStateException("cannot map " + length + " bytes of guest memory: errno " + -base);
    }
    long guard = base + pages * PAGE;
    if (LinuxNative.mmapAnonymous(state, guard, PAGE, LinuxNative.PROT_NONE, LinuxNative.MAP_PRIVATE | LinuxNative.MAP_FIXED) != guard) {
      LinuxNative.munmap(state, base, length);
      throw new IllegalStateException("cannot map the no-access page after guest memory");
    }
    MemorySegment memory = MemorySegment.ofAddress(guard - size).reinterpret(size, arena,
        unused -> LinuxNative.munmap(LinuxNative.newCallState(Arena.ofAuto()), base, length));
    return new SegmentGuestMemory(memory, true);
  }

  /** The backing segment, to fill and inspect guest memory in tests and tools. */
  public MemorySegment backing() {
    return memory;
  }

  /**
   * Whether {@code [address, address + length)} lies in the segment past the NULL page; an empty
   * range may sit at the very end.
   */
  @Override
  public boolean contains(long guestAddress, long length) {
    return guestAddress >= NULL_GUARD && length >= 0 && guestAddress <= memory.byteSize()
        && length <= memory.byteSize() - guestAddress;
  }

  @Override
  public long available(long guestAddress) {
    return isGuestByte(guestAddress) ? memory.byteSize() - guestAddress : 0;
  }

  @Override
  public MemorySegment slice(long guestAddress, long length) throws ConversionException {
    if (!contains(guestAddress, length)) {
      throw GuestFaults.OUTSIDE;
    }
    return memory.asSlice(guestAddress, length);
  }

  /** A pointer the kernel may follow must point at a guest byte: one equal to the size is out. */
  @Override
  public long toHost(long guestAddress) throws ConversionException {
    if (guestAddress == 0) {
      return 0;
    }
    if (!isGuestByte(guestAddress)) {
      throw GuestFaults.NOT_GUEST_POINTER;
    }
    return memory.address() + guestAddress;
  }

  @Override
  public long toGuest(long hostAddress) throws ConversionException {
    if (hostAddress == 0) {
      return 0;
    }
    long offset = hostAddress - memory.address();
    if (!isGuestByte(offset)) {
      throw GuestFaults.NOT_HOST_OF_GUEST;
    }
    return offset;
  }

  private boolean isGuestByte(long guestAddress) {
    return guestAddress >= NULL_GUARD && guestAddress < memory.byteSize();
  }
}
