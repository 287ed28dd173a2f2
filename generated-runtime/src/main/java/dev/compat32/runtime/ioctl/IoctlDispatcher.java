package dev.compat32.runtime.ioctl;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.memory.GuestMemory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one entry point: {@code ioctl(fd, guestCommand, guestArg)} for an i386 guest, served
 * through a generated table. Thread safe; each thread keeps its own reusable {@link IoctlCall}.
 *
 * <p>No exception escapes it: a handler that fails with a {@link RuntimeException} or an
 * {@link Error} (a conversion running out of bounds, a stack or heap exhausted by a hostile
 * argument) answers an errno as the kernel would for a guest argument it cannot handle,
 * {@code ENOMEM} for {@link OutOfMemoryError} and {@code EFAULT} for everything else, and is
 * counted ({@link #failures}), never thrown to the guest's caller.
 */
public final class IoctlDispatcher {
  private final IoctlTable table;
  private final ThreadLocal<IoctlCall> calls;
  private final LongAdder failures = new LongAdder();
  private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();

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
    IoctlCall call = null;
    try {
      call = calls.get();
      return handler.handle(call, fd, Integer.toUnsignedLong(guestArg));
    } catch (OutOfMemoryError e) {
      return failed(e, Errno.ENOMEM);
    } catch (RuntimeException | Error e) {
      return failed(e, Errno.EFAULT);
    } finally {
      if (call != null) {
        call.end();
      }
    }
  }

  /** How many calls failed inside compat32 and were answered with an errno instead of an exception. */
  public long failures() {
    return failures.sum();
  }

  /** The last such failure, for diagnostics; {@code null} if none. */
  public Throwable lastFailure() {
    return lastFailure.get();
  }

  public IoctlTable table() {
    return table;
  }

  private int failed(Throwable e, int errno) {
    failures.increment();
    lastFailure.set(e);
    return -errno;
  }
}
