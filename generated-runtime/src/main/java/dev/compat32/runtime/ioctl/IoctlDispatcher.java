package dev.compat32.runtime.ioctl;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.memory.GuestMemory;

/**
 * The one entry point: {@code ioctl(fd, guestCommand, guestArg)} for an i386 guest, served
 * through a generated table. Thread safe; each thread keeps its own reusable {@link IoctlCall}.
 */
public final class IoctlDispatcher {
  private final IoctlTable table;
  private final ThreadLocal<IoctlCall> calls;

  public IoctlDispatcher(IoctlTable table, GuestMemory memory) {
    this.table = table;
    this.calls = ThreadLocal.withInitial(() -> new IoctlCall(memory));
  }

  /** Performs a guest ioctl; {@code >= 0} or {@code -errno}, {@code -ENOTTY} for unknown commands. */
  public int ioctl(int fd, int guestCommand, int guestArg) {
    IoctlHandler handler = table.handler(guestCommand);
    if (handler == null) {
      return -Errno.ENOTTY;
    }
    return handler.handle(calls.get(), fd, Integer.toUnsignedLong(guestArg));
  }

  public IoctlTable table() {
    return table;
  }
}
