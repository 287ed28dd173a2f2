package dev.compat32.runtime.ioctl;

import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.memory.GuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's means to perform guest ioctls: its conversion context (scratch memory) and its
 * errno capture segment, both reused from call to call so the steady state allocates nothing.
 */
public final class IoctlCall {
  private final ConversionContext conversion;
  private final MemorySegment callState;
  private final MemorySegment statx;

  public IoctlCall(GuestMemory memory) {
    this.conversion = new ConversionContext(memory);
    Arena arena = Arena.ofAuto();
    this.callState = LinuxNative.newCallState(arena);
    this.statx = arena.allocate(LinuxNative.STATX_SIZE, 8);
  }

  /** The conversion context, reset for a new call. */
  public ConversionContext begin() {
    conversion.reset();
    return conversion;
  }

  /** Ends a call: scratch past the reused block goes back to the system. */
  public void end() {
    conversion.release();
  }

  public ConversionContext conversion() {
    return conversion;
  }

  /** The host ioctl; {@code >= 0} or {@code -errno}. */
  public int ioctl(int fd, long command, long arg) {
    return LinuxNative.ioctl(callState, fd, command, arg);
  }

  /** What {@code fd} is, for commands whose number means different things on different fds. */
  public FdKind fdKind(int fd) {
    return FdKind.of(LinuxNative.fileType(callState, statx, fd));
  }
}
