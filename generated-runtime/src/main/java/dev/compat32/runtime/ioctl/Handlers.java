package dev.compat32.runtime.ioctl;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.codec.Integers;
import dev.compat32.runtime.codec.StructCodec;
import dev.compat32.runtime.memory.NoAccessPage;
import java.lang.foreign.MemorySegment;

/** The handler kinds the generated tables are built from. */
public final class Handlers {
  private Handlers() {}

  /**
   * A command the kernel's compat path rejects on fds of kind {@code on} (every fd when null):
   * {@code -errno} there (ENOTTY unless the spec says), as an i386 process gets, though the native
   * kernel would serve it. Other fds answer the number as their own drivers do, with an argument
   * they cannot touch.
   */
  public static IoctlHandler unsupported(long hostCommand, String on, int errno) {
    return (call, fd, arg) -> {
      FdKind kind = call.fdKind(fd);
      if (kind == FdKind.UNKNOWN) {
        return -Errno.EBADF;
      }
      return on == null || kind.matches(on) ? -errno : call.ioctl(fd, hostCommand, NoAccessPage.ADDRESS);
    };
  }

  /** No pointer: the argument is a value (or unused), passed with the right extension. */
  public static IoctlHandler plain(long hostCommand, boolean signed) {
    return (call, fd, arg) -> call.ioctl(fd, hostCommand, signed ? (long) (int) arg : arg);
  }

  /**
   * A pointer to bytes that mean the same on both sides: checked to lie in guest memory, then
   * handed to the kernel as the host address of the guest bytes.
   */
  public static IoctlHandler pointer(long hostCommand, long size) {
    return (call, fd, arg) -> {
      if (arg == 0) {
        return call.ioctl(fd, hostCommand, 0);
      }
      ConversionContext ctx = call.begin();
      long host;
      try {
        host = ctx.guest(arg, size).address();
      } catch (ConversionException e) {
        // bytes that run past guest memory: where it ends at a no-access page, the kernel gets the
        // guest's own address all the same, reads or writes up to that page, then faults, leaving
        // what it wrote before, as the kernel does for an i386 process whose memory ends there
        if (!ctx.memory().endsAtNoAccess() || ctx.memory().available(arg) == 0) {
          return unconverted(call, fd, hostCommand, e);
        }
        try {
          host = ctx.memory().toHost(arg);
        } catch (ConversionException outside) {
          return unconverted(call, fd, hostCommand, outside);
        }
      }
      return call.ioctl(fd, hostCommand, host);
    };
  }

  /** When a translated argument is converted back to the guest. */
  public enum Out {
    NEVER, ON_SUCCESS, ALWAYS;

    boolean after(int result) {
      return this == ALWAYS || (this == ON_SUCCESS && result >= 0);
    }
  }

  /**
   * A pointer to a struct converted in before the call and, as {@code out} says, back after it.
   * A flexible array whose count runs past guest memory goes as a host copy of the elements that do
   * lie in guest memory, ending where a no-access page begins: the kernel judges the header (a
   * count over its limit is EINVAL or ENOMEM there), writes what it has to write, and faults only
   * where the i386 process's own memory would end. A host copy is at most
   * {@link ConversionContext#SCRATCH_CAP}: an array larger than that is cut there the same way, so
   * the kernel faults past the cap (an i386 process would get more elements).
   */
  public static IoctlHandler translate(long hostCommand, StructCodec codec, boolean in, Out out) {
    return (call, fd, arg) -> {
      if (arg == 0) {
        return call.ioctl(fd, hostCommand, 0);
      }
      ConversionContext ctx = call.begin();
      MemorySegment guest;
      MemorySegment host;
      try {
        guest = ctx.guest(arg, codec.guestFixedSize());
        long size = codec.guestSize(guest, 0);
        long hostSize = codec.hostSize(guest, 0);
        if (size == guest.byteSize()) {
          host = ctx.scratch(hostSize, codec.hostAlign());
        } else if (ctx.isGuest(arg, size) && hostSize <= ConversionContext.SCRATCH_CAP) {
          guest = ctx.guest(arg, size);
          host = ctx.scratch(hostSize, codec.hostAlign());
        } else {
          long elements = Math.min((Math.min(ctx.memory().available(arg), size) - codec.guestFixedSize()) / codec.guestElementSize(),
              (ConversionContext.SCRATCH_CAP - codec.hostFixedSize()) / codec.hostElementSize());
          guest = ctx.guest(arg, codec.guestFixedSize() + elements * codec.guestElementSize());
          // the array's count is clamped to the elements both copies hold
          host = ctx.edgeScratch(codec.hostFixedSize() + elements * codec.hostElementSize(), codec.hostAlign());
        }
        if (in) {
          codec.toHost(ctx, guest, 0, host, 0);
        }
      } catch (ConversionException e) {
        return unconverted(call, fd, hostCommand, e);
      }
      int result = call.ioctl(fd, hostCommand, host.address());
      if (out.after(result)) {
        try {
          codec.toGuest(ctx, host, 0, guest, 0);
        } catch (ConversionException e) {
          return -e.errno();  // the call happened; only its answer cannot be delivered
        }
      }
      return result;
    };
  }

  /**
   * A pointer to {@code count} integers whose size differs (a {@code long} on i386 and LP64):
   * widened in with the right extension, truncated out.
   */
  public static IoctlHandler scalars(long hostCommand, long count, long guestSize, long hostSize, boolean signed,
      boolean in, boolean out) {
    return (call, fd, arg) -> {
      if (arg == 0) {
        return call.ioctl(fd, hostCommand, 0);
      }
      ConversionContext ctx = call.begin();
      MemorySegment guest;
      MemorySegment host;
      try {
        guest = ctx.guest(arg, count * guestSize);
        host = ctx.scratch(count * hostSize, hostSize);
      } catch (ConversionException e) {
        return unconverted(call, fd, hostCommand, e);
      }
      if (in) {
        for (long i = 0; i < count; i++) {
          Integers.write(host, i * hostSize, hostSize, Integers.read(guest, i * guestSize, guestSize, signed));
        }
      }
      int result = call.ioctl(fd, hostCommand, host.address());
      if (result >= 0 && out) {
        for (long i = 0; i < count; i++) {
          Integers.write(guest, i * guestSize, guestSize, Integers.read(host, i * hostSize, hostSize, signed));
        }
      }
      return result;
    };
  }

  /**
   * Commands that share a guest number, told apart by what the fd is: pairs of a spec {@code fd}
   * value and a handler. No match is {@code -ENOTTY}, as the kernel answers a command the fd
   * does not know.
   */
  public static IoctlHandler byFd(Object... kindsAndHandlers) {
    String[] kinds = new String[kindsAndHandlers.length / 2];
    IoctlHandler[] handlers = new IoctlHandler[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = (String) kindsAndHandlers[2 * i];
      handlers[i] = (IoctlHandler) kindsAndHandlers[2 * i + 1];
    }
    return (call, fd, arg) -> {
      FdKind kind = call.fdKind(fd);
      if (kind == FdKind.UNKNOWN) {
        return -Errno.EBADF;
      }
      for (int i = 0; i < kinds.length; i++) {
        if (kind.matches(kinds[i])) {
          return handlers[i].handle(call, fd, arg);
        }
      }
      return -Errno.ENOTTY;
    };
  }

  /**
   * The answer to a call whose argument could not be converted. A bad guest pointer is not always
   * EFAULT: the kernel checks the fd first (EBADF) and the driver the command (ENOTTY, EOPNOTSUPP)
   * before it touches the argument. So the host call is made with a pointer to a page that cannot
   * be read or written, and the kernel answers in its own order, as it does on the compat path.
   * Other conversion errors (EOVERFLOW, ENOMEM) are compat32's own answer.
   */
  private static int unconverted(IoctlCall call, int fd, long hostCommand, ConversionException e) {
    return e.errno() == Errno.EFAULT ? call.ioctl(fd, hostCommand, NoAccessPage.ADDRESS) : -e.errno();
  }
}
