package dev.compat32.runtime.memory;

import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One page mapped with no access. A guest pointer that does not lie in guest memory is handed to
 * the kernel as this page's address: the kernel faults (EFAULT) exactly when it dereferences the
 * pointer, and not before, as it would with the i386 process's own bad pointer.
 */
@SuppressWarnings("restricted")
public final class NoAccessPage {
  public static final long ADDRESS = map();
  private static final long PAGE = 4096;
  private static final int MAP_FIXED = 0x10;

  private NoAccessPage() {}

  /** Writable memory that ends where a no-access page begins; unmapped by {@link #close}. */
  public record Edge(MemorySegment segment, long base, long length) implements AutoCloseable {
    @Override
    public void close() {
      LinuxNative.munmap(LinuxNative.newCallState(Arena.ofAuto()), base, length);
    }
  }

  /**
   * {@code size} fresh zeroed bytes directly followed by a no-access page: a struct placed there
   * reaches the kernel whole, while whatever the kernel reads or writes past it faults.
   */
  public static Edge newEdge(long size) {
    MemorySegment state = LinuxNative.newCallState(Arena.ofAuto());
    long pages = (size + PAGE - 1) / PAGE;
    long length = (pages + 1) * PAGE;
    long address = LinuxNative.mmapAnonymous(state, 0, length, LinuxNative.PROT_READ | LinuxNative.PROT_WRITE,
        LinuxNative.MAP_PRIVATE);
    if (address < 0) {
      throw new IllegalStateException("cannot map " + length + " bytes: errno " + -address);
    }
    if (LinuxNative.mmapAnonymous(state, address + pages * PAGE, PAGE, LinuxNative.PROT_NONE, LinuxNative.MAP_PRIVATE | MAP_FIXED) < 0) {
      LinuxNative.munmap(state, address, length);
      throw new IllegalStateException("cannot map a no-access page");
    }
    return new Edge(MemorySegment.ofAddress(address + pages * PAGE - size).reinterpret(size), address, length);
  }

  private static long map() {
    long address = LinuxNative.mmapAnonymous(LinuxNative.newCallState(Arena.ofAuto()), 0, 4096, LinuxNative.PROT_NONE,
        LinuxNative.MAP_PRIVATE);
    if (address < 0) {
      throw new IllegalStateException("cannot map a no-access page: errno " + -address);
    }
    return address;
  }
}
