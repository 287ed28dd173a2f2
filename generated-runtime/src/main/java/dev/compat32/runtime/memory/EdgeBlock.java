package dev.compat32.runtime.memory;

import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Writable memory that ends where a no-access page begins, mapped once and reused: a buffer placed
 * at its {@link #tail} reaches the kernel whole, while whatever the kernel reads or writes past the
 * buffer faults, as past the end of an i386 process's memory. {@link #release} gives its pages back
 * to the system and leaves it reading zeros, so reuse costs no mapping and no zero fill. Unmapped
 * when unreachable.
 */
@SuppressWarnings("restricted")
public final class EdgeBlock {
  private static final long PAGE = 4096;

  private final MemorySegment block;
  private final MemorySegment state = LinuxNative.newCallState(Arena.ofAuto());
  /** The lowest offset handed out since the last release; the capacity when none. */
  private long touchedFrom;

  private EdgeBlock(MemorySegment block) {
    this.block = block;
    this.touchedFrom = block.byteSize();
  }

  /** Maps {@code capacity} bytes (a multiple of a page) and the no-access page after them. */
  public static EdgeBlock map(long capacity) {
    if (capacity <= 0 || capacity % PAGE != 0) {
      throw new IllegalArgumentException("capacity " + capacity + " is not a positive multiple of a page");
    }
    MemorySegment state = LinuxNative.newCallState(Arena.ofAuto());
    long length = capacity + PAGE;
    long base = LinuxNative.mmapAnonymous(state, 0, length, LinuxNative.PROT_READ | LinuxNative.PROT_WRITE,
        LinuxNative.MAP_PRIVATE | LinuxNative.MAP_NORESERVE);
    if (base < 0) {
      throw new IllegalStateException("cannot map " + length + " bytes: errno " + -base);
    }
    if (LinuxNative.mmapAnonymous(state, base + capacity, PAGE, LinuxNative.PROT_NONE, LinuxNative.MAP_PRIVATE
        | LinuxNative.MAP_FIXED) != base + capacity) {
      LinuxNative.munmap(state, base, length);
      throw new IllegalStateException("cannot map a no-access page");
    }
    return new EdgeBlock(MemorySegment.ofAddress(base).reinterpret(capacity, Arena.ofAuto(),
        unused -> LinuxNative.munmap(LinuxNative.newCallState(Arena.ofAuto()), base, length)));
  }

  public long capacity() {
    return block.byteSize();
  }

  /** All of the block, for a caller that places buffers itself from its start and never releases it. */
  public MemorySegment whole() {
    return block;
  }

  /**
   * The last {@code length} bytes before the no-access page (zero until written), the start moved
   * down to a multiple of {@code align} when the length is not one.
   */
  public MemorySegment tail(long length, long align) {
    long start = (block.byteSize() - length) / align * align;
    touchedFrom = Math.min(touchedFrom, start);
    return block.asSlice(start, length);
  }

  /** Whether {@code [address, address + length)} lies in the block. */
  public boolean holds(long address, long length) {
    long offset = address - block.address();
    return offset >= 0 && length >= 0 && offset <= block.byteSize() && length <= block.byteSize() - offset;
  }

  /** The block's bytes at {@code address}; check {@link #holds} first. */
  public MemorySegment at(long address, long length) {
    return block.asSlice(address - block.address(), length);
  }

  /** Drops the pages handed out since the last release: their memory goes back, they read zero again. */
  public void release() {
    if (touchedFrom < block.byteSize()) {
      long from = touchedFrom / PAGE * PAGE;
      LinuxNative.madvise(state, block.address() + from, block.byteSize() - from, LinuxNative.MADV_DONTNEED);
      touchedFrom = block.byteSize();
    }
  }
}
