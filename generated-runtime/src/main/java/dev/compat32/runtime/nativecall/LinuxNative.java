package dev.compat32.runtime.nativecall;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls compat32 makes, through FFM. Every call returns syscall-style: {@code >= 0} or
 * {@code -errno}, with errno captured by the linker, not read from a thread-local afterwards.
 * A caller passes its own capture segment ({@link #newCallState}) so calls allocate nothing.
 * Downcalls are restricted methods: run with {@code --enable-native-access=ALL-UNNAMED}.
 */
@SuppressWarnings("restricted")
public final class LinuxNative {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  // int ioctl(int fd, unsigned long request, ...): the third argument is variadic
  private static final MethodHandle IOCTL = downcall("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
      Linker.Option.firstVariadicArg(2), ERRNO_OPTION);
  private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
      Linker.Option.firstVariadicArg(2), ERRNO_OPTION);
  private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
  private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO_OPTION);
  private static final MethodHandle PIPE = downcall("pipe", FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO_OPTION);
  private static final MethodHandle POSIX_OPENPT = downcall("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
  private static final MethodHandle GRANTPT = downcall("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
  private static final MethodHandle UNLOCKPT = downcall("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO_OPTION);
  private static final MethodHandle PTSNAME_R = downcall("ptsname_r", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPTION);
  // int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf): the same layout on every ABI
  private static final MethodHandle STATX = downcall("statx",
      FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), ERRNO_OPTION);

  // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset); addresses as longs
  private static final MethodHandle MMAP = downcall("mmap",
      FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO_OPTION);
  private static final MethodHandle MUNMAP = downcall("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION);
  private static final MethodHandle MADVISE = downcall("madvise", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT),
      ERRNO_OPTION);

  // long syscall(long number, ...): for calls libc does not wrap (perf_event_open)
  private static final MethodHandle SYSCALL5 = downcall("syscall",
      FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
      Linker.Option.firstVariadicArg(1), ERRNO_OPTION);
  private static final long SYS_PERF_EVENT_OPEN = 298;

  public static final int PROT_NONE = 0;
  public static final int PROT_READ = 1;
  public static final int PROT_WRITE = 2;
  public static final int MAP_PRIVATE = 0x02;
  public static final int MAP_FIXED = 0x10;
  public static final int MAP_ANONYMOUS = 0x20;
  public static final int MAP_NORESERVE = 0x4000;
  /** Drops the pages of a private anonymous range: memory goes back to the system, the next touch reads zeros. */
  public static final int MADV_DONTNEED = 4;
  public static final int MAP_FIXED_NOREPLACE = 0x100000;
  public static final int O_RDONLY = 0;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0100;
  public static final int O_NOCTTY = 0400;
  public static final int O_CLOEXEC = 02000000;
  public static final int AF_INET = 2;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_STREAM = 1;

  private LinuxNative() {}

  private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol = LINKER.defaultLookup().find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  /** A segment errno is captured into; one per thread, reused. */
  public static MemorySegment newCallState(Arena arena) {
    return arena.allocate(CALL_STATE);
  }

  private static int result(long value, MemorySegment state) {
    return value == -1 ? -(int) ERRNO.get(state, 0L) : (int) value;
  }

  /** {@code ioctl(fd, request, arg)}; {@code >= 0} or {@code -errno}. */
  public static int ioctl(MemorySegment state, int fd, long request, long arg) {
    try {
      return result((int) IOCTL.invokeExact(state, fd, request, arg), state);
    } catch (Throwable t) {
      throw new AssertionError("ioctl downcall", t);
    }
  }

  /**
   * {@code mmap} of anonymous memory; the mapped address, or {@code -errno} (a mapped address is
   * never in the last page, so the two cannot be confused).
   */
  public static long mmapAnonymous(MemorySegment state, long address, long length, int prot, int flags) {
    try {
      long r = (long) MMAP.invokeExact(state, address, length, prot, flags | MAP_ANONYMOUS, -1, 0L);
      return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int munmap(MemorySegment state, long address, long length) {
    try {
      return result((int) MUNMAP.invokeExact(state, address, length), state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code madvise(address, length, advice)}; 0 or {@code -errno}. */
  public static int madvise(MemorySegment state, long address, long length, int advice) {
    try {
      return result((int) MADVISE.invokeExact(state, address, length, advice), state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code perf_event_open(attr, pid, cpu, groupFd, flags)}; the new fd or {@code -errno}. */
  public static int perfEventOpen(MemorySegment attr, int pid, int cpu, int groupFd, long flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = newCallState(arena);
      long r = (long) SYSCALL5.invokeExact(state, SYS_PERF_EVENT_OPEN, attr.address(), (long) pid, (long) cpu, (long) groupFd, flags);
      return r == -1 ? -(int) ERRNO.get(state, 0L) : (int) r;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int open(String path, int flags, int mode) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = newCallState(arena);
      return result((int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, mode), state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int close(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = newCallState(arena);
      return result((int) CLOSE.invokeExact(state, fd), state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int socket(int domain, int type, int protocol) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = newCallState(arena);
      return result((int) SOCKET.invokeExact(state, domain, type, protocol), state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Opens a pipe; returns {read, write} or throws with the errno. */
  public static int[] pipe() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = newCallState(arena);
      MemorySegment fds = arena.allocate(JAVA_INT, 2);
      int r = result((int) PIPE.invokeExact(state, fds), state);
      if (r < 0) {
        throw new IllegalStateException("pipe: errno " + -r);
      }
      return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static long write(int fd, byte[] bytes) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = newCallState(arena);
      MemorySegment data = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, bytes);
      long r = (long) WRITE.invokeExact(state, fd, data, (long) bytes.length);
      return r == -1 ? -(int) ERRNO.get(state, 0L) : r;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Opens a pty master, grants and unlocks it; returns {master fd} or a negative errno. */
  public static int openPtyMaster() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = newCallState(arena);
      int master = result((int) POSIX_OPENPT.invokeExact(state, O_RDWR | O_NOCTTY | O_CLOEXEC), state);
      if (master < 0) {
        return master;
      }
      int r = result((int) GRANTPT.invokeExact(state, master), state);
      if (r == 0) {
        r = result((int) UNLOCKPT.invokeExact(state, master), state);
      }
      if (r < 0) {
        close(master);
        return r;
      }
      return master;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The slave path of a pty master. */
  public static String ptsName(int master) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(128);
      int r = (int) PTSNAME_R.invokeExact(master, buffer, 128L);
      if (r != 0) {
        throw new IllegalStateException("ptsname_r: errno " + r);
      }
      return buffer.getString(0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** What an fd is: its {@code st_mode} file type bits and, for devices, the major number. */
  public record FileType(int mode, int rdevMajor) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFREG = 0100000;

    public int type() {
      return mode & S_IFMT;
    }
  }

  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int STATX_TYPE = 0x1;
  private static final long STATX_MODE_OFFSET = 0x1c;
  private static final long STATX_RDEV_MAJOR_OFFSET = 0x80;

  /** {@code statx} of an open fd; a negative errno as {@code mode} when it fails. */
  public static FileType fileType(MemorySegment state, MemorySegment statxBuffer, int fd) {
    try {
      int r = result((int) STATX.invokeExact(state, fd, EMPTY_PATH, AT_EMPTY_PATH, STATX_TYPE, statxBuffer), state);
      if (r < 0) {
        return new FileType(r, 0);
      }
      return new FileType(Short.toUnsignedInt(statxBuffer.get(java.lang.foreign.ValueLayout.JAVA_SHORT, STATX_MODE_OFFSET)),
          statxBuffer.get(JAVA_INT, STATX_RDEV_MAJOR_OFFSET));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Size of the buffer {@link #fileType} needs. */
  public static final long STATX_SIZE = 256;

  private static final MemorySegment EMPTY_PATH = Arena.global().allocateFrom("");

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
