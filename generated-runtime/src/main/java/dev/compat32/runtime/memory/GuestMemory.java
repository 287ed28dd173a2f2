package dev.compat32.runtime.memory;

import dev.compat32.runtime.codec.ConversionException;
import java.lang.foreign.MemorySegment;

/**
 * The guest's 32-bit address space as the host sees it. Every access is bounds checked: an address
 * or length outside guest memory is {@code EFAULT}, never a JVM crash or a read of host memory.
 */
public interface GuestMemory {

  /** A host view of guest bytes {@code [address, address + length)}. */
  MemorySegment slice(long guestAddress, long length) throws ConversionException;

  /** The host address of a guest pointer; {@code 0} stays {@code 0}. */
  long toHost(long guestAddress) throws ConversionException;

  /** The guest pointer for a host address inside guest memory; {@code 0} stays {@code 0}. */
  long toGuest(long hostAddress) throws ConversionException;

  /** How many bytes of guest memory follow {@code guestAddress} without a gap; 0 outside guest memory. */
  long available(long guestAddress);

  /**
   * Whether every run of guest memory ends where a no-access page begins, so that the kernel may be
   * handed a guest address whose bytes run past guest memory: it faults there, as at the end of an
   * i386 process's memory, and reaches nothing else.
   */
  default boolean endsAtNoAccess() {
    return false;
  }

  /** Whether {@code [address, address + length)} is guest memory. */
  boolean contains(long guestAddress, long length);
}
