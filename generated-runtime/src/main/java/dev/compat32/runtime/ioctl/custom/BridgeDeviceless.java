package dev.compat32.runtime.ioctl.custom;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.ioctl.IoctlCall;
import dev.compat32.runtime.ioctl.IoctlHandler;
import dev.compat32.runtime.memory.NoAccessPage;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code SIOCGIFBR} and {@code SIOCSIFBR}: the bridge's old "deviceless" calls, whose argument is
 * {@code unsigned long args[3]} = {command, pointer, count}. The pointer's meaning follows the
 * command, which the spec language cannot say of an array, so it is written here, after the
 * kernel's {@code old_deviceless()} (net/bridge/br_ioctl.c), which reads three {@code u32}s from an
 * i386 process:
 * <ul>
 *   <li>{@code BRCTL_GET_BRIDGES} (1): {@code args[1]} receives up to {@code args[2]} ifindices
 *       ({@code int}); the kernel refuses 2048 or more (ENOMEM) before it writes, and writes only
 *       as many as there are bridges, so a guest buffer is checked for what was written;</li>
 *   <li>{@code BRCTL_ADD_BRIDGE} (2), {@code BRCTL_DEL_BRIDGE} (3): {@code args[1]} is the
 *       name, {@code IFNAMSIZ} bytes read;</li>
 *   <li>anything else ({@code BRCTL_GET_VERSION}...): no pointer is followed; the kernel gets the
 *       no-access page in its place.</li>
 * </ul>
 * A pointer outside guest memory reaches the kernel as the no-access page, so it answers in its own
 * order (EPERM before EFAULT for ADD without CAP_NET_ADMIN).
 */
public abstract class BridgeDeviceless implements IoctlHandler {
  private static final int GET_BRIDGES = 1;
  private static final int ADD_BRIDGE = 2;
  private static final int DEL_BRIDGE = 3;
  private static final long MAX_BRIDGES = 2048;  // the kernel's own limit: ENOMEM at or above it
  private static final long IFNAMSIZ = 16;

  private final long hostCommand;

  private BridgeDeviceless(long hostCommand) {
    this.hostCommand = hostCommand;
  }

  /** SIOCGIFBR (0x8940). */
  public static final class Get extends BridgeDeviceless {
    public Get() {
      super(0x8940);
    }
  }

  /** SIOCSIFBR (0x8941). */
  public static final class Set extends BridgeDeviceless {
    public Set() {
      super(0x8941);
    }
  }

  @Override
  public final int handle(IoctlCall call, int fd, long guestArg) {
    ConversionContext ctx = call.begin();
    MemorySegment guestArgs;
    try {
      guestArgs = ctx.guest(guestArg, 12);
    } catch (ConversionException e) {
      return call.ioctl(fd, hostCommand, NoAccessPage.ADDRESS);
    }
    long command = Integer.toUnsignedLong(guestArgs.get(ValueLayout.JAVA_INT_UNALIGNED, 0));
    long pointer = Integer.toUnsignedLong(guestArgs.get(ValueLayout.JAVA_INT_UNALIGNED, 4));
    long count = Integer.toUnsignedLong(guestArgs.get(ValueLayout.JAVA_INT_UNALIGNED, 8));
    try {
      MemorySegment args = ctx.scratch(24, 8);
      args.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, command);
      args.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, count);
      if (command == GET_BRIDGES) {
        return getBridges(call, ctx, fd, args, pointer, count);
      }
      long host = NoAccessPage.ADDRESS;
      if ((command == ADD_BRIDGE || command == DEL_BRIDGE) && ctx.isGuest(pointer, IFNAMSIZ)) {
        MemorySegment name = ctx.scratch(IFNAMSIZ, 1);
        name.copyFrom(ctx.guest(pointer, IFNAMSIZ));
        host = name.address();
      }
      args.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, host);
      return call.ioctl(fd, hostCommand, args.address());
    } catch (ConversionException e) {
      return -e.errno();
    }
  }

  private int getBridges(IoctlCall call, ConversionContext ctx, int fd, MemorySegment args, long pointer, long count)
      throws ConversionException {
    if (count >= MAX_BRIDGES) {
      args.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, NoAccessPage.ADDRESS);
      return call.ioctl(fd, hostCommand, args.address());  // ENOMEM, as the kernel says before it writes
    }
    MemorySegment indices = ctx.scratch(count * 4, 4);
    args.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, indices.address());
    int written = call.ioctl(fd, hostCommand, args.address());
    if (written <= 0) {
      return written;
    }
    long bytes = written * 4L;
    if (!ctx.isGuest(pointer, bytes)) {
      return -Errno.EFAULT;  // the kernel's copy_to_user of what it found fails
    }
    ctx.guest(pointer, bytes).copyFrom(indices.asSlice(0, bytes));
    return written;
  }
}
