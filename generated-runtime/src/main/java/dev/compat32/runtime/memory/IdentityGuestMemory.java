package dev.compat32.runtime.memory;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Guest memory in the host's low 4 GiB, identity mapped (as FEX does): a guest pointer is the host
 * address, so the kernel can follow pointers the guest passes without translation.
 *
 * <p>Nothing below 4 GiB but guest memory: at creation every free range of {@code [low, high)} is
 * reserved as an inaccessible placeholder ({@code PROT_NONE}, {@code MAP_NORESERVE}: no memory is
 * committed), and guest pages are mapped over the placeholder and given back to it when freed. Each
 * reserved range keeps its first and last page inaccessible, so guest pages border only guest pages
 * or no-access pages: whatever the kernel reads or writes past the guest's pages, through a pointer
 * or a length compat32 cannot see, faults ({@code EFAULT}) as at the end of an i386 process's
 * memory. The ranges come from {@code /proc/self/maps} and a bitmap of this allocator's own pages,
 * never from probing the address space page by page. The reservation is address space, not memory:
 * it adds up to 4 GiB to the process's virtual size, so a {@code ulimit -v} below that fails creation.
 *
 * <p>What was mapped in the range before (the JVM's heap with compressed oops, its class space and
 * CDS archive) is reported by {@link #foreignMappings}; those pages are never guest memory. The JVM
 * can be kept above 4 GiB with {@link #JVM_OPTIONS_ABOVE_4GIB}, and {@link #strict} refuses to
 * start while anything foreign remains.
 *
 * <p>Allocation and freeing are synchronized; lookups read the bitmap without locking. Freeing pages
 * while another thread converts through them is the guest's race, as {@code munmap} is in a native
 * process. Use one instance at a time per range: a second one finds the first's reservation foreign.
 */
public final class IdentityGuestMemory implements GuestMemory, AutoCloseable {
  public static final long PAGE = 4096;
  /** The lowest address placed by default: Linux's default {@code vm.mmap_min_addr}. */
  public static final long DEFAULT_LOW = 0x10000;
  public static final long LIMIT = 1L << 32;
  /**
   * JVM options (JDK 25, x86_64) that keep all of the JVM's mappings above 4 GiB, measured: the heap
   * above its zero-based compressed-oops placement, the CDS archive and the class space that follows
   * it at a fixed address above 4 GiB instead of a random low one. {@code -Xshare:off} alone is not
   * enough (the class space is still placed low); {@code -XX:-UseCompressedClassPointers} also works
   * but is deprecated in 25 and disables CDS.
   */
  public static final List<String> JVM_OPTIONS_ABOVE_4GIB = List.of("-XX:HeapBaseMinAddress=0x100000000",
      "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0", "-XX:SharedBaseAddress=0x800000000");

  private static final int ROUNDS = 16;

  @SuppressWarnings("restricted")
  private static final MemorySegment LOW_SPACE = MemorySegment.NULL.reinterpret(LIMIT);

  private final long low;
  private final long high;
  private final long pageCount;
  /** Guest pages, read without locking. */
  private final PageBitmap owned;
  /** Pages this allocator mapped: placeholders and guest pages. */
  private final PageBitmap reserved;
  /** Placeholder pages guest memory may take: reserved, not owned, not at a reservation's edge. */
  private final PageBitmap free;
  private final MemorySegment callState = LinuxNative.newCallState(Arena.ofAuto());
  private List<ProcessMapping> foreign = List.of();
  private long cursor;
  private long collisions;

  /** The whole low 4 GiB above {@link #DEFAULT_LOW}. */
  public IdentityGuestMemory() {
    this(DEFAULT_LOW, LIMIT);
  }

  /** Reserves and places mappings only in {@code [low, high)}, page aligned, below 4 GiB. */
  public IdentityGuestMemory(long low, long high) {
    if (low % PAGE != 0 || high % PAGE != 0 || low <= 0 || high > LIMIT || low >= high) {
      throw new IllegalArgumentException("range 0x" + Long.toHexString(low) + "..0x" + Long.toHexString(high)
          + " must be page aligned, above 0 and at most 4 GiB");
    }
    this.low = low;
    this.high = high;
    this.pageCount = (high - low) / PAGE;
    this.owned = new PageBitmap(pageCount);
    this.reserved = new PageBitmap(pageCount);
    this.free = new PageBitmap(pageCount);
    reserveFreeRanges();
  }

  /**
   * The whole low 4 GiB, refusing to start while anything else is mapped there.
   *
   * @throws IllegalStateException naming the foreign mappings and the JVM options that avoid them
   */
  public static IdentityGuestMemory strict() {
    IdentityGuestMemory memory = new IdentityGuestMemory();
    if (!memory.foreignMappings().isEmpty()) {
      List<ProcessMapping> found = memory.foreignMappings();
      memory.close();
      throw new IllegalStateException("strict identity-mapped guest memory: the low 4 GiB holds " + found.size()
          + " foreign mappings " + found + "; start the JVM with " + String.join(" ", JVM_OPTIONS_ABOVE_4GIB));
    }
    return memory;
  }

  /**
   * Reserves every range of {@code [low, high)} that nothing maps now: done at creation, and again
   * by a caller that knows foreign mappings went away. Ranges something maps between reading
   * {@code /proc/self/maps} and reserving ({@code EEXIST}) are counted as collisions and the maps
   * read again.
   *
   * @return the number of pages newly reserved
   */
  public synchronized long reserveFreeRanges() {
    long added = 0;
    for (int round = 0; round < ROUNDS; round++) {
      List<ProcessMapping> maps = ProcessMapping.read();
      PageBitmap mapped = new PageBitmap(pageCount);
      for (ProcessMapping m : maps) {
        if (m.end() > low && m.start() < high) {
          mapped.set(pageOf(Math.max(m.start(), low)), pageOf(Math.min(m.end(), high)), true);
        }
      }
      boolean raced = false;
      for (long start = mapped.next(0, false); start < pageCount; start = mapped.next(start, false)) {
        long end = mapped.next(start, true);
        long address = low + start * PAGE;
        long length = (end - start) * PAGE;
        long r = LinuxNative.mmapAnonymous(callState, address, length, LinuxNative.PROT_NONE,
            LinuxNative.MAP_PRIVATE | LinuxNative.MAP_FIXED_NOREPLACE | LinuxNative.MAP_NORESERVE);
        if (r == address) {
          reserved.set(start, end, true);
          added += end - start;
        } else if (r == -Errno.EEXIST) {
          collisions++;  // mapped behind our back since the maps were read
          raced = true;
        } else if (r > 0) {
          LinuxNative.munmap(callState, r, length);  // a kernel before 4.17 takes the flag as a hint
          throw new IllegalStateException("the kernel does not support MAP_FIXED_NOREPLACE (4.17 and later)");
        } else {
          throw new IllegalStateException("cannot reserve 0x" + Long.toHexString(address) + "+" + length + ": errno " + -r);
        }
        start = end;
      }
      foreign = foreignIn(maps);
      if (!raced) {
        break;
      }
    }
    free.setInnerFree(reserved, owned);
    return added;
  }

  /** What else was mapped in {@code [low, high)} when the range was last reserved: never guest memory. */
  public synchronized List<ProcessMapping> foreignMappings() {
    return foreign;
  }

  /**
   * Maps {@code length} zeroed bytes, readable and writable, over the first reserved run forward of
   * the last allocation that is long enough; wraps around once.
   *
   * @return the guest (and host) address
   * @throws ConversionException ENOMEM when no run is left, EINVAL for a bad length
   */
  public synchronized long allocate(long length) throws ConversionException {
    if (length <= 0 || length > pageCount * PAGE) {
      throw new ConversionException(Errno.EINVAL, "cannot allocate " + length + " bytes of guest memory");
    }
    long pages = (length + PAGE - 1) / PAGE;
    long at = free.findRun(cursor, pages);
    if (at < 0) {
      at = free.findRun(0, pages);
    }
    if (at < 0) {
      throw new ConversionException(Errno.ENOMEM, "no " + pages + " free pages left in guest memory");
    }
    long address = low + at * PAGE;
    // MAP_FIXED replaces only this allocator's own placeholder pages
    long mapped = LinuxNative.mmapAnonymous(callState, address, pages * PAGE, LinuxNative.PROT_READ | LinuxNative.PROT_WRITE,
        LinuxNative.MAP_PRIVATE | LinuxNative.MAP_FIXED);
    if (mapped != address) {
      throw new ConversionException(mapped < 0 ? (int) -mapped : Errno.ENOMEM, "mmap of " + pages + " pages at 0x"
          + Long.toHexString(address));
    }
    owned.set(at, at + pages, true);
    free.set(at, at + pages, false);
    cursor = at + pages == pageCount ? 0 : at + pages;
    return address;
  }

  /**
   * Gives pages back to the reservation: they become inaccessible again (their contents dropped),
   * still held, so nothing else is placed there. EINVAL if any page in the range is not guest memory.
   */
  public synchronized void free(long address, long length) throws ConversionException {
    if (address % PAGE != 0 || length <= 0 || !contains(address, length)) {
      throw new ConversionException(Errno.EINVAL, "0x" + Long.toHexString(address) + "+" + length + " is not allocated guest memory");
    }
    long pages = (length + PAGE - 1) / PAGE;
    long r = LinuxNative.mmapAnonymous(callState, address, pages * PAGE, LinuxNative.PROT_NONE,
        LinuxNative.MAP_PRIVATE | LinuxNative.MAP_FIXED | LinuxNative.MAP_NORESERVE);
    if (r != address) {
      throw new ConversionException(r < 0 ? (int) -r : Errno.EINVAL, "cannot return 0x" + Long.toHexString(address)
          + " to the reservation");
    }
    long first = pageOf(address);
    owned.set(first, first + pages, false);
    free.setInnerFree(reserved, owned);
  }

  /** How many reservations failed because something else mapped the place first; for tests and tools. */
  public synchronized long collisions() {
    return collisions;
  }

  /** Unmaps everything this allocator reserved, guest pages included. */
  /** Guest pages border only guest pages or the reservation's no-access pages. */
  @Override
  public boolean endsAtNoAccess() {
    return true;
  }

  @Override
  public synchronized void close() {
    for (long start = reserved.next(0, true); start < pageCount; start = reserved.next(start, true)) {
      long end = reserved.next(start, false);
      owned.set(start, end, false);
      reserved.set(start, end, false);
      LinuxNative.munmap(callState, low + start * PAGE, (end - start) * PAGE);
      start = end;
    }
    free.setInnerFree(reserved, owned);
  }

  /**
   * Whether {@code [address, address + length)} is guest memory. An empty range is inside when it
   * touches guest memory: at a guest byte or right after one.
   */
  @Override
  public boolean contains(long guestAddress, long length) {
    if (length < 0 || guestAddress < low || guestAddress > high || length > high - guestAddress) {
      return false;
    }
    if (length == 0) {
      return isGuestByte(guestAddress) || isGuestByte(guestAddress - 1);
    }
    return owned.allSet(pageOf(guestAddress), pageOf(guestAddress + length - 1) + 1);
  }

  @Override
  public long available(long guestAddress) {
    if (!isGuestByte(guestAddress)) {
      return 0;
    }
    return low + owned.next(pageOf(guestAddress), false) * PAGE - guestAddress;
  }

  @Override
  public MemorySegment slice(long guestAddress, long length) throws ConversionException {
    if (!contains(guestAddress, length)) {
      throw GuestFaults.OUTSIDE;
    }
    return LOW_SPACE.asSlice(guestAddress, length);
  }

  /** A pointer the kernel may follow must point at a guest byte; {@code 0} stays {@code 0}. */
  @Override
  public long toHost(long guestAddress) throws ConversionException {
    if (guestAddress != 0 && !isGuestByte(guestAddress)) {
      throw GuestFaults.NOT_GUEST_POINTER;
    }
    return guestAddress;
  }

  @Override
  public long toGuest(long hostAddress) throws ConversionException {
    if (hostAddress != 0 && !isGuestByte(hostAddress)) {
      throw GuestFaults.NOT_HOST_OF_GUEST;
    }
    return hostAddress;
  }

  private boolean isGuestByte(long address) {
    return address >= low && address < high && owned.get(pageOf(address));
  }

  private long pageOf(long address) {
    return (address - low) / PAGE;
  }

  /** The parts of {@code maps} in {@code [low, high)} that are not this allocator's. */
  private List<ProcessMapping> foreignIn(List<ProcessMapping> maps) {
    List<ProcessMapping> out = new ArrayList<>();
    for (ProcessMapping m : maps) {
      if (m.end() <= low || m.start() >= high) {
        continue;
      }
      long last = pageOf(Math.min(m.end(), high));
      for (long start = pageOf(Math.max(m.start(), low)); start < last; ) {
        start = Math.min(last, reserved.next(start, false));
        long end = Math.min(last, reserved.next(start, true));
        if (start < end) {
          out.add(new ProcessMapping(low + start * PAGE, low + end * PAGE, m.permissions(), m.backing()));
        }
        start = end;
      }
    }
    return List.copyOf(out);
  }
}
