package dev.compat32.runtime.memory;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Guest memory in the host's low 4 GiB, identity mapped (as FEX does): a guest pointer is the host
 * address, so the kernel can follow pointers the guest passes without translation.
 *
 * <p>The allocator places every mapping itself with {@code MAP_FIXED_NOREPLACE} and keeps a bitmap of
 * the pages it owns. The kernel, the JVM and ioctls map memory here too, behind its back, so every
 * placement may fail with {@code EEXIST}; the allocator then steps forward a page and tries again
 * until it has wrapped around to where it began ({@code ENOMEM}). Nothing else is trusted: only
 * pages in the bitmap are guest memory, so a guest pointer to anything else, the JVM's own low
 * mappings included, is {@code EFAULT}.
 *
 * <p>Allocation and freeing are synchronized; lookups read the bitmap without locking. Freeing pages
 * while another thread converts through them is the guest's race, as {@code munmap} is in a native
 * process.
 */
public final class IdentityGuestMemory implements GuestMemory, AutoCloseable {
  public static final long PAGE = 4096;
  /** The lowest address placed by default: Linux's default {@code vm.mmap_min_addr}. */
  public static final long DEFAULT_LOW = 0x10000;
  public static final long LIMIT = 1L << 32;

  @SuppressWarnings("restricted")
  private static final MemorySegment LOW_SPACE = MemorySegment.NULL.reinterpret(LIMIT);

  private final long low;
  private final long pageCount;
  private final AtomicLongArray owned;
  private final MemorySegment callState = LinuxNative.newCallState(Arena.ofAuto());
  private long cursor;
  private long collisions;

  /** The whole low 4 GiB above {@link #DEFAULT_LOW}. */
  public IdentityGuestMemory() {
    this(DEFAULT_LOW, LIMIT);
  }

  /** Places mappings only in {@code [low, high)}, page aligned, below 4 GiB. */
  public IdentityGuestMemory(long low, long high) {
    if (low % PAGE != 0 || high % PAGE != 0 || low <= 0 || high > LIMIT || low >= high) {
      throw new IllegalArgumentException("range 0x" + Long.toHexString(low) + "..0x" + Long.toHexString(high)
          + " must be page aligned, above 0 and at most 4 GiB");
    }
    this.low = low;
    this.pageCount = (high - low) / PAGE;
    this.owned = new AtomicLongArray((int) ((pageCount + 63) / 64));
  }

  /**
   * Maps {@code length} zeroed bytes, readable and writable, at the first place forward of the last
   * allocation that nothing else occupies; wraps around once.
   *
   * @return the guest (and host) address
   * @throws ConversionException ENOMEM when no place is left, EINVAL for a bad length
   */
  public synchronized long allocate(long length) throws ConversionException {
    if (length <= 0 || length > pageCount * PAGE) {
      throw new ConversionException(Errno.EINVAL, "cannot allocate " + length + " bytes of guest memory");
    }
    long pages = (length + PAGE - 1) / PAGE;
    long at = cursor;
    long scanned = 0;
    while (scanned < pageCount) {
      if (at + pages > pageCount) {
        scanned += pageCount - at;  // the tail is too short: wrap
        at = 0;
        continue;
      }
      long ours = lastOwned(at, pages);
      if (ours >= 0) {
        scanned += ours + 1 - at;
        at = ours + 1;
        continue;
      }
      long address = low + at * PAGE;
      long mapped = LinuxNative.mmapAnonymous(callState, address, pages * PAGE, LinuxNative.PROT_READ | LinuxNative.PROT_WRITE,
          LinuxNative.MAP_PRIVATE | LinuxNative.MAP_FIXED_NOREPLACE);
      if (mapped == address) {
        mark(at, pages, true);
        cursor = at + pages == pageCount ? 0 : at + pages;
        return address;
      }
      if (mapped > 0) {
        // a kernel before 4.17 takes the flag as a hint and maps elsewhere: give it back
        LinuxNative.munmap(callState, mapped, pages * PAGE);
      } else if (mapped != -Errno.EEXIST) {
        throw new ConversionException((int) -mapped, "mmap of " + pages + " pages at 0x" + Long.toHexString(address));
      }
      collisions++;  // something mapped here behind our back
      at++;
      scanned++;
    }
    throw new ConversionException(Errno.ENOMEM, "no " + pages + " free pages left in guest memory");
  }

  /** Unmaps pages this allocator placed; EINVAL if any page in the range is not guest memory. */
  public synchronized void free(long address, long length) throws ConversionException {
    if (address % PAGE != 0 || !contains(address, Math.max(length, 1))) {
      throw new ConversionException(Errno.EINVAL, "0x" + Long.toHexString(address) + "+" + length + " is not allocated guest memory");
    }
    long pages = (length + PAGE - 1) / PAGE;
    mark((address - low) / PAGE, pages, false);
    int r = LinuxNative.munmap(callState, address, pages * PAGE);
    if (r < 0) {
      throw new ConversionException(-r, "munmap 0x" + Long.toHexString(address));
    }
  }

  /** How many placements failed because something else had mapped the place; for tests and tools. */
  public synchronized long collisions() {
    return collisions;
  }

  /** Unmaps everything this allocator placed. */
  @Override
  public synchronized void close() {
    for (long page = 0; page < pageCount; page++) {
      if (isOwned(page)) {
        long end = page;
        while (end < pageCount && isOwned(end)) {
          end++;
        }
        mark(page, end - page, false);
        LinuxNative.munmap(callState, low + page * PAGE, (end - page) * PAGE);
        page = end;
      }
    }
  }

  @Override
  public boolean contains(long guestAddress, long length) {
    if (guestAddress < low || length < 0 || guestAddress >= low + pageCount * PAGE || length > low + pageCount * PAGE - guestAddress) {
      return false;
    }
    long first = (guestAddress - low) / PAGE;
    long last = (guestAddress + Math.max(length, 1) - 1 - low) / PAGE;
    for (long page = first; page <= last; page++) {
      if (!isOwned(page)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long available(long guestAddress) {
    if (!contains(guestAddress, 1)) {
      return 0;
    }
    long page = (guestAddress - low) / PAGE;
    while (page < pageCount && isOwned(page)) {
      page++;
    }
    return low + page * PAGE - guestAddress;
  }

  @Override
  public MemorySegment slice(long guestAddress, long length) throws ConversionException {
    if (!contains(guestAddress, length)) {
      throw ConversionException.fault("guest range 0x" + Long.toHexString(guestAddress) + "+" + length + " is not guest memory");
    }
    return LOW_SPACE.asSlice(guestAddress, length);
  }

  @Override
  public long toHost(long guestAddress) throws ConversionException {
    if (guestAddress != 0 && !contains(guestAddress, 0)) {
      throw ConversionException.fault("guest pointer 0x" + Long.toHexString(guestAddress) + " is not guest memory");
    }
    return guestAddress;
  }

  @Override
  public long toGuest(long hostAddress) throws ConversionException {
    return toHost(hostAddress);
  }

  private boolean isOwned(long page) {
    return (owned.get((int) (page >>> 6)) & (1L << page)) != 0;
  }

  /** The last page in {@code [from, from + count)} this allocator owns, or -1. */
  private long lastOwned(long from, long count) {
    for (long page = from + count - 1; page >= from; page--) {
      if (isOwned(page)) {
        return page;
      }
    }
    return -1;
  }

  private void mark(long from, long count, boolean value) {
    for (long page = from; page < from + count; page++) {
      int word = (int) (page >>> 6);
      long bit = 1L << page;
      owned.getAndUpdate(word, w -> value ? w | bit : w & ~bit);
    }
  }
}
