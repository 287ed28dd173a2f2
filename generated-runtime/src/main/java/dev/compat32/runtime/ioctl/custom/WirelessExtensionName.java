package dev.compat32.runtime.ioctl.custom;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.generated.IwreqAsName;
import dev.compat32.runtime.ioctl.Handlers;
import dev.compat32.runtime.ioctl.IoctlCall;
import dev.compat32.runtime.ioctl.IoctlHandler;

/**
 * {@code SIOCGIWNAME}, the probe programs use to ask "is this a wireless device?". Hand-written
 * because the answer differs by path, not by layout, which the spec language cannot say: on a
 * device without wireless extensions the kernel's i386 compat path answers {@code EINVAL} where
 * the native x86_64 path answers {@code ENOTTY} (seen on {@code lo}, KernelDifferentialTest), and
 * i386 programs test for the former. Only sockets answer so: on other fds both paths say ENOTTY.
 */
public final class WirelessExtensionName implements IoctlHandler {
  private static final long SIOCGIWNAME = 0x8B01;
  private static final IoctlHandler TRANSLATE = Handlers.translate(SIOCGIWNAME, IwreqAsName.CODEC, true, Handlers.Out.ON_SUCCESS);

  @Override
  public int handle(IoctlCall call, int fd, long guestArg) {
    int result = TRANSLATE.handle(call, fd, guestArg);
    return result == -Errno.ENOTTY && call.fdKind(fd).matches("socket") ? -Errno.EINVAL : result;
  }
}
