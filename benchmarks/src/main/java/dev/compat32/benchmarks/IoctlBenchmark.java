package dev.compat32.benchmarks;

import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.generated.CompatIoctls;
import dev.compat32.runtime.ioctl.IoctlDispatcher;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One ioctl end to end: an i386 guest's call through the generated dispatch table, against a raw
 * FFM {@code ioctl} of the same command with a host struct (what a hand-written native call
 * costs). The C baselines of the same four calls (64-bit, i386 through the kernel's compat path,
 * i386 under qemu-i386) come from {@code ioctl_bench.c}; benchmarks/run puts them side by side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IoctlBenchmark {
  private static final int GUEST_ARG = 0x1000;
  private static final int GUEST_REQS = 0x2000;
  private static final int IFREQS = 16;

  @Param({"TIOCGWINSZ", "FS_IOC_GETFLAGS", "SIOCGIFCONF", "FIONREAD"})
  public String ioctl;

  private Arena arena;
  private IoctlDispatcher dispatcher;
  private MemorySegment guestMemory;
  private MemorySegment callState;
  private MemorySegment hostArg;
  private int fd;
  private int guestCommand;
  private long hostCommand;
  private int[] fds;
  /** Byte lengths to reset before each call: SIOCGIFCONF overwrites ifc_len. */
  private int guestIfcLen;
  private int hostIfcLen;

  @Setup
  public void setUp() throws IOException {
    arena = Arena.ofConfined();
    SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 20);
    guestMemory = memory.backing();
    dispatcher = new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory);
    callState = LinuxNative.newCallState(arena);
    hostArg = arena.allocate(64, 8);
    int pty = LinuxNative.openPtyMaster();
    int socket = LinuxNative.socket(LinuxNative.AF_INET, LinuxNative.SOCK_DGRAM, 0);
    int[] pipe = LinuxNative.pipe();
    LinuxNative.write(pipe[1], "hello".getBytes());
    Path data = Path.of(System.getProperty("compat32.bench.file", Files.createTempFile("compat32-bench", ".bin").toString()));
    if (!Files.exists(data)) {
      Files.write(data, new byte[4096]);
    }
    int file = LinuxNative.open(data.toString(), LinuxNative.O_RDONLY, 0);
    fds = new int[] {pty, socket, pipe[0], pipe[1], file};
    switch (ioctl) {
      case "TIOCGWINSZ" -> {
        fd = pty;
        guestCommand = CompatIoctls.I386.TIOCGWINSZ;
        hostCommand = Integer.toUnsignedLong(CompatIoctls.X8664.TIOCGWINSZ);
      }
      case "FS_IOC_GETFLAGS" -> {
        fd = file;
        guestCommand = CompatIoctls.I386.FS_IOC_GETFLAGS;
        hostCommand = Integer.toUnsignedLong(CompatIoctls.X8664.FS_IOC_GETFLAGS);
      }
      case "SIOCGIFCONF" -> {
        fd = socket;
        guestCommand = CompatIoctls.I386.SIOCGIFCONF;
        hostCommand = Integer.toUnsignedLong(CompatIoctls.X8664.SIOCGIFCONF);
        guestIfcLen = IFREQS * 32;
        hostIfcLen = IFREQS * 40;
        guestMemory.set(ValueLayout.JAVA_INT_UNALIGNED, GUEST_ARG + 4, GUEST_REQS);
        hostArg = arena.allocate(16 + IFREQS * 40, 8);
        hostArg.set(ValueLayout.JAVA_LONG, 8, hostArg.address() + 16);
      }
      case "FIONREAD" -> {
        fd = pipe[0];
        guestCommand = CompatIoctls.I386.FIONREAD;
        hostCommand = Integer.toUnsignedLong(CompatIoctls.X8664.FIONREAD);
      }
      default -> throw new IllegalArgumentException(ioctl);
    }
    int viaDispatch = dispatch();
    int viaFfm = rawFfm();
    if (viaDispatch < 0 || viaFfm < 0) {
      throw new IllegalStateException(ioctl + " fails: dispatch " + viaDispatch + ", raw FFM " + viaFfm);
    }
  }

  @TearDown
  public void tearDown() {
    for (int open : fds) {
      LinuxNative.close(open);
    }
    arena.close();
  }

  @Benchmark
  public int dispatch() {
    if (guestIfcLen != 0) {
      guestMemory.set(ValueLayout.JAVA_INT_UNALIGNED, GUEST_ARG, guestIfcLen);
    }
    return dispatcher.ioctl(fd, guestCommand, GUEST_ARG);
  }

  @Benchmark
  public int rawFfm() {
    if (hostIfcLen != 0) {
      hostArg.set(ValueLayout.JAVA_INT, 0, hostIfcLen);
    }
    return LinuxNative.ioctl(callState, fd, hostCommand, hostArg.address());
  }
}
