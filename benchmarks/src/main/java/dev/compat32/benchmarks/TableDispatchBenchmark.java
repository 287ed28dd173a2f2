package dev.compat32.benchmarks;

import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.ioctl.IoctlDispatcher;
import dev.compat32.runtime.ioctl.IoctlHandler;
import dev.compat32.runtime.ioctl.IoctlTable;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import java.lang.foreign.Arena;
import java.net.URL;
import java.net.URLClassLoader;
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
 * Per-call cost against the table's size: the bundled table and one of 3,000 synthetic commands
 * (compiled in setup, as {@link TableScaling} does). {@code lookup} is the table's switch alone;
 * {@code dispatch} a whole call on a closed fd (the kernel answers EBADF at once), so the kernel's
 * part is the same at both sizes. Commands are taken from the middle of each table, and a miss
 * (an unknown command, answered ENOTTY without a system call) is measured too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TableDispatchBenchmark {
  @Param({"bundled", "3000"})
  public String table;

  private Arena arena;
  private IoctlTable ioctls;
  private IoctlDispatcher dispatcher;
  private int hit;
  private int miss;

  @Setup
  public void setUp() throws Exception {
    if (table.equals("bundled")) {
      ioctls = CompatIoctlTable.INSTANCE;
    } else {
      Path dir = Files.createTempDirectory("compat32-table");
      Path classes = TableScaling.prepare(Integer.parseInt(table), Path.of(System.getProperty("compat32.bench.specs", "specs")), dir);
      ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
      ioctls = (IoctlTable) loader.loadClass(TableScaling.PACKAGE + ".CompatIoctlTable").getField("INSTANCE").get(null);
    }
    hit = ioctls.entries().get(ioctls.entries().size() / 2).guestNumber();
    miss = 0x7fff4242;
    arena = Arena.ofConfined();
    dispatcher = new IoctlDispatcher(ioctls, SegmentGuestMemory.allocate(arena, 1 << 16));
  }

  @TearDown
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public IoctlHandler lookup() {
    return ioctls.handler(hit);
  }

  @Benchmark
  public int dispatch() {
    return dispatcher.ioctl(-1, hit, 0x1000);
  }

  @Benchmark
  public int dispatchUnknown() {
    return dispatcher.ioctl(-1, miss, 0x1000);
  }
}
