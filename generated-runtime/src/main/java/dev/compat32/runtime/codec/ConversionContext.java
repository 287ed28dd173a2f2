package dev.compat32.runtime.codec;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.memory.EdgeBlock;
import dev.compat32.runtime.memory.GuestMemory;
import dev.compat32.runtime.memory.NoAccessPage;
import java.lang.foreign.MemorySegment;

/**
 * One thread's state for converting one call: the guest memory and a scratch area for host-side
 * copies. Not shared between threads.
 *
 * <p>Scratch is bounded, so no guest length makes the JVM allocate without bound: one buffer holds
 * at most {@link #SCRATCH_CAP} real bytes, and one call at most {@link #INITIAL_SCRATCH} plus
 * {@link #MAX_EDGE_BLOCKS} times the cap. Buffers come from a block reused from call to call
 * ({@link #reset}) and, when it is full, from edge blocks: cap-sized mappings that end at a
 * no-access page, mapped once per thread and given back to the system after the call that used
 * them ({@link #release}). The reused block ends at a no-access page too, so a kernel told a
 * larger length than its buffer holds faults there instead of writing into the JVM's memory. The steady state allocates nothing, on the error paths too: the failures
 * are preallocated.
 */
public final class ConversionContext {
  /**
   * The most real bytes one scratch buffer holds: 1 MiB, far above any struct and the arrays programs
   * pass in practice (16,384 {@code ifreq}s, 18,724 fiemap extents), far below what a JVM can spare
   * per thread. A guest-sized buffer past it gets the cap, followed by a no-access page.
   */
  public static final long SCRATCH_CAP = 1 << 20;
  /** The block every call starts from, kept for the context's life. */
  public static final long INITIAL_SCRATCH = 64 * 1024;
  /** Edge blocks one call may hold; a call that needs more gets ENOMEM. */
  public static final int MAX_EDGE_BLOCKS = 4;

  private static final ConversionException TOO_LARGE = new ConversionException(Errno.ENOMEM,
      "scratch buffer larger than SCRATCH_CAP");
  private static final ConversionException TOO_MANY = new ConversionException(Errno.ENOMEM,
      "more than MAX_EDGE_BLOCKS scratch buffers past the initial block in one call");
  private static final ConversionException NEGATIVE = ConversionException.fault("negative buffer length");
  private static final ConversionException NOT_SCRATCH = ConversionException.fault("host pointer is not this call's scratch");

  private final GuestMemory memory;
  private final EdgeBlock block;
  private final MemorySegment scratch;
  private long used;
  private final EdgeBlock[] edges = new EdgeBlock[MAX_EDGE_BLOCKS];
  private int edgesUsed;
  private long largest;

  public ConversionContext(GuestMemory memory) {
    this.memory = memory;
    this.block = EdgeBlock.map(INITIAL_SCRATCH);
    this.scratch = block.whole();
  }

  public GuestMemory memory() {
    return memory;
  }

  /** Frees all scratch memory of the previous call. */
  public void reset() {
    used = 0;
    release();
  }

  /** Gives back the edge blocks the call used: their pages return to the system, the mappings stay for reuse. */
  public void release() {
    for (int i = 0; i < edgesUsed; i++) {
      edges[i].release();
    }
    edgesUsed = 0;
  }

  /** Bounds-checked guest bytes. */
  public MemorySegment guest(long guestAddress, long length) throws ConversionException {
    return memory.slice(guestAddress, length);
  }

  /**
   * Zeroed host scratch memory, valid until {@link #reset}, for a buffer whose size compat32 knows
   * (a struct, a fixed array).
   *
   * @throws ConversionException ENOMEM past {@link #SCRATCH_CAP} or {@link #MAX_EDGE_BLOCKS}; EFAULT for a negative length
   */
  public MemorySegment scratch(long length, long align) throws ConversionException {
    checkLength(length);
    long start = (used + align - 1) / align * align;
    if (start <= scratch.byteSize() && length <= scratch.byteSize() - start) {
      used = start + length;
      MemorySegment out = scratch.asSlice(start, length);
      out.fill((byte) 0);
      return out;
    }
    return nextEdge().tail(length, align);
  }

  /**
   * Zeroed host scratch for a buffer the guest sized: at most SCRATCH_CAP real bytes; when length is
   * larger, a no-access page follows the real bytes, so the kernel faults past them as at the end of
   * an i386 process's memory. The segment returned covers the real bytes only.
   *
   * @throws ConversionException EFAULT for a negative length, as the kernel answers a buffer that
   *     wraps the address space; ENOMEM past {@link #MAX_EDGE_BLOCKS} buffers in one call
   */
  public MemorySegment boundedScratch(long length, long align) throws ConversionException {
    if (length < 0) {
      throw NEGATIVE;
    }
    return length <= SCRATCH_CAP ? scratch(length, align) : edgeScratch(SCRATCH_CAP, align);
  }

  /**
   * Zeroed host scratch of {@code length} bytes (at most {@link #SCRATCH_CAP}) that ends where a
   * no-access page begins: for a host copy of a guest buffer cut short, so the kernel faults where
   * the guest's memory ends.
   */
  public MemorySegment edgeScratch(long length, long align) throws ConversionException {
    checkLength(length);
    return nextEdge().tail(length, align);
  }

  /** A buffer length is never negative nor past the cap; the largest so far is kept for tools. */
  private void checkLength(long length) throws ConversionException {
    if (length < 0) {
      throw NEGATIVE;
    }
    if (length > SCRATCH_CAP) {
      throw TOO_LARGE;
    }
    largest = Math.max(largest, length);
  }

  /** The most real bytes one scratch buffer has held since this context was made; for tests and tools. */
  public long largestScratch() {
    return largest;
  }

  /**
   * How many bytes of this call's scratch follow {@code hostAddress} (0 when it is none): for a
   * host copy the kernel was handed back, which may have been cut short at a no-access page.
   */
  public long hostAvailable(long hostAddress) {
    long offset = hostAddress - scratch.address();
    if (offset >= 0 && offset <= used) {
      return used - offset;
    }
    for (int i = 0; i < edgesUsed; i++) {
      if (edges[i].holds(hostAddress, 0)) {
        return edges[i].capacity() - (hostAddress - edges[i].whole().address());
      }
    }
    return 0;
  }

  /** A scratch block the kernel was handed back, checked to lie in this call's scratch memory. */
  public MemorySegment hostBuffer(long hostAddress, long length) throws ConversionException {
    long offset = hostAddress - scratch.address();
    if (offset >= 0 && length >= 0 && offset <= used && length <= used - offset) {
      return scratch.asSlice(offset, length);
    }
    for (int i = 0; i < edgesUsed; i++) {
      if (edges[i].holds(hostAddress, length)) {
        return edges[i].at(hostAddress, length);
      }
    }
    throw NOT_SCRATCH;
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

  private EdgeBlock nextEdge() throws ConversionException {
    if (edgesUsed == MAX_EDGE_BLOCKS) {
      throw TOO_MANY;
    }
    if (edges[edgesUsed] == null) {
      edges[edgesUsed] = EdgeBlock.map(SCRATCH_CAP);
    }
    return edges[edgesUsed++];
  }
}
