package dev.compat32.runtime.ioctl;

import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;

/** One page mapped with no access: a host pointer the kernel can be handed and will fault on (EFAULT), never read or write. */
final class FaultPage {
  static final long ADDRESS = map();

  private FaultPage() {}

  private static long map() {
    long address = LinuxNative.mmapAnonymous(LinuxNative.newCallState(Arena.ofAuto()), 0, 4096, LinuxNative.PROT_NONE,
        LinuxNative.MAP_PRIVATE);
    if (address < 0) {
      throw new IllegalStateException("cannot map a no-access page: errno " + -address);
    }
    return address;
  }
}
