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
 * Guest calls that fail, through the dispatcher: what an error answer costs, and above all what it
 * allocates. Run with JMH's GC profiler ({@code -prof gc}): {@code gc.alloc.rate.norm} is the bytes
 * one call allocates, which should be 0 in steady state, as on the success paths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ErrorPathBenchmark {
  private static final long GUEST_SIZE = 1 << 20;
  private static final int GUEST_ARG = 0x1000;
  /** An address past the end of guest memory. */
  private static final int OUTSIDE = (int) GUEST_SIZE + 0x10000;
  private static final int FIEMAP_FIXED = 32;
  private static final int FIEMAP_EXTENT = 56;

  /**
   * badPointer: TIOCGWINSZ with a pointer outside guest memory; badStruct: SIOCGIFCONF with one;
   * flexiblePastEnd: FS_IOC_FIEMAP whose extent count runs past the end of guest memory;
   * wirelessName: SIOCGIWNAME on a socket for {@code lo} (EINVAL); hugeLength and negativeLength:
   * SIOCGIFCONF with {@code ifc_len} 0x7fffffff and -1.
   */
  @Param({"badPointer", "badStruct", "flexiblePastEnd", "wirelessName", "hugeLength", "negativeLength"})
  public String path;

  private Arena arena;
  private IoctlDispatcher dispatcher;
  private MemorySegment guest;
  private int fd;
  private int command;
  private int arg;
  private int ifcLen;
  private int[] fds;

  @Setup
  public void setUp() throws IOException {
    arena = Arena.ofConfined();
    SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, GUEST_SIZE);
    guest = memory.backing();
    dispatcher = new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory);
    int pty = LinuxNative.openPtyMaster();
    int socket = LinuxNative.socket(LinuxNative.AF_INET, LinuxNative.SOCK_DGRAM, 0);
    Path data = Files.createTempFile("compat32-bench", ".bin");
    Files.write(data, new byte[4096]);
    int file = LinuxNative.open(data.toString(), LinuxNative.O_RDONLY, 0);
    fds = new int[] {pty, socket, file};
    arg = GUEST_ARG;
    switch (path) {
      case "badPointer" -> {
        fd = pty;
        command = CompatIoctls.I386.TIOCGWINSZ;
        arg = OUTSIDE;
      }
      case "badStruct" -> {
        fd = socket;
        command = CompatIoctls.I386.SIOCGIFCONF;
        arg = OUTSIDE;
      }
      case "flexiblePastEnd" -> {
        fd = file;
        command = CompatIoctls.I386.FS_IOC_FIEMAP;
        arg = (int) (GUEST_SIZE - FIEMAP_FIXED - 2 * FIEMAP_EXTENT);
        guest.set(ValueLayout.JAVA_LONG_UNALIGNED, arg + 8, -1L);          // fm_length
        guest.set(ValueLayout.JAVA_INT_UNALIGNED, arg + 24, 100);          // fm_extent_count
      }
      case "wirelessName" -> {
        fd = socket;
        command = CompatIoctls.I386.SIOCGIWNAME;
        guest.setString(GUEST_ARG, "lo");
      }
      case "hugeLength", "negativeLength" -> {
        fd = socket;
        command = CompatIoctls.I386.SIOCGIFCONF;
        ifcLen = path.equals("hugeLength") ? 0x7fffffff : -1;
        guest.set(ValueLayout.JAVA_INT_UNALIGNED, GUEST_ARG + 4, 0x2000);  // ifc_buf
      }
      default -> throw new IllegalArgumentException(path);
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
    if (ifcLen != 0) {
      guest.set(ValueLayout.JAVA_INT_UNALIGNED, GUEST_ARG, ifcLen);
    }
    return dispatcher.ioctl(fd, command, arg);
  }
}
