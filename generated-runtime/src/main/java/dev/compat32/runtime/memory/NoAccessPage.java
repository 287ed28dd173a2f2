package dev.compat32.runtime.memory;

import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;

/**
 * One page mapped with no access. A guest pointer that does not lie in guest memory is handed to
 * the kernel as this page's address: the kernel faults (EFAULT) exactly when it dereferences the
 * pointer, and not before, as it would with the i386 process's own bad pointer. Buffers that must
 * end at such a page are {@link EdgeBlock}s.
 */
public final class NoAccessPage {
  public static final long ADDRESS = map();

  private NoAccessPage() {}

  private static long map() {
    long address = LinuxNative.mmapAnonymous(LinuxNative.newCallState(Arena.ofAuto()), 0, 4096, LinuxNative.PROT_NONE,
        LinuxNative.MAP_PRIVATE);
    if (address < 0) {
      throw new IllegalStateException("cannot map a no-access page: errno " + -address);
    }
    return address;
  }
}
