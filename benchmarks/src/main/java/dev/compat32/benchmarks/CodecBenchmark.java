package dev.compat32.benchmarks;

import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.codec.StructCodec;
import dev.compat32.runtime.generated.Fiemap;
import dev.compat32.runtime.generated.FiemapExtent;
import dev.compat32.runtime.generated.IfconfAsIfcuReq;
import dev.compat32.runtime.generated.Ifreq;
import dev.compat32.runtime.generated.LoopInfo;
import dev.compat32.runtime.generated.Winsize;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
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
 * One struct's conversion, guest to host and back, beside the floor: {@code MemorySegment.copy}
 * of the bytes the conversion reads (the struct and, for deep copies, what its pointer leads to).
 * A small struct (winsize, same bytes on both sides), a medium one (loop_info, 140 bytes against
 * 168), and large ones (fiemap with 32 extents; ifconf with 16 ifreqs of 32 bytes against 40).
 * The ifreq array is {@code dir: out} (only the kernel writes it): {@code toHost} allocates and
 * zeroes its host copy without converting it, {@code toGuest} converts all 16 back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  private static final long STRUCT = 0x1000;
  private static final long ARRAY = 0x2000;

  @Param({"winsize", "loop_info", "fiemap_32", "ifconf_16"})
  public String struct;

  private Arena arena;
  private StructCodec codec;
  private ConversionContext ctx;
  private MemorySegment guestMemory;
  private MemorySegment guest;
  private MemorySegment host;
  private MemorySegment copyFrom;
  private MemorySegment copyTo;

  @Setup
  public void setUp() throws ConversionException {
    arena = Arena.ofConfined();
    SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 20);
    guestMemory = memory.backing();
    ctx = new ConversionContext(memory);
    // recognisable bytes everywhere, then the members that steer the conversion
    for (long i = 0; i < 1 << 16; i++) {
      guestMemory.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 1));
    }
    long readBytes;
    switch (struct) {
      case "winsize" -> {
        codec = Winsize.CODEC;
        readBytes = Winsize.GUEST_SIZE;
      }
      case "loop_info" -> {
        codec = LoopInfo.CODEC;
        readBytes = LoopInfo.GUEST_SIZE;
        // in range for the members that narrow back
        guestMemory.set(ValueLayout.JAVA_INT_UNALIGNED, STRUCT + LoopInfo.GUEST_OFFSET_LO_INODE, 12345);
      }
      case "fiemap_32" -> {
        codec = Fiemap.CODEC;
        guestMemory.set(ValueLayout.JAVA_INT_UNALIGNED, STRUCT + Fiemap.GUEST_OFFSET_FM_EXTENT_COUNT, 32);
        readBytes = Fiemap.GUEST_SIZE + 32 * FiemapExtent.GUEST_SIZE;
      }
      case "ifconf_16" -> {
        codec = IfconfAsIfcuReq.CODEC;
        guestMemory.set(ValueLayout.JAVA_INT_UNALIGNED, STRUCT + IfconfAsIfcuReq.GUEST_OFFSET_IFC_LEN, (int) (16 * Ifreq.GUEST_SIZE));
        guestMemory.set(ValueLayout.JAVA_INT_UNALIGNED, STRUCT + IfconfAsIfcuReq.GUEST_OFFSET_IFC_IFCU_IFCU_REQ, (int) ARRAY);
        readBytes = IfconfAsIfcuReq.GUEST_SIZE + 16 * Ifreq.GUEST_SIZE;
      }
      default -> throw new IllegalArgumentException(struct);
    }
    guest = guestMemory.asSlice(STRUCT, codec.guestSize(guestMemory, STRUCT));
    host = arena.allocate(codec.hostSize(guestMemory, STRUCT), 8);
    copyFrom = arena.allocate(readBytes, 8).fill((byte) 3);
    copyTo = arena.allocate(readBytes, 8);

    // a sanity round trip of the struct itself (ifconf's array is written by the kernel only, so
    // toHost leaves it out: the spec says dir: out); toGuest then reuses the host side this leaves
    byte[] before = guest.toArray(ValueLayout.JAVA_BYTE);
    ctx.reset();
    codec.toHost(ctx, guest, 0, host, 0);
    codec.toGuest(ctx, host, 0, guest, 0);
    if (!Arrays.equals(before, guest.toArray(ValueLayout.JAVA_BYTE))) {
      throw new IllegalStateException(struct + ": the round trip changed the struct");
    }
  }

  @TearDown
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public MemorySegment toHost() throws ConversionException {
    ctx.reset();
    codec.toHost(ctx, guest, 0, host, 0);
    return host;
  }

  /** Host to guest; deep copies come back from the scratch blocks the setup's {@code toHost} left. */
  @Benchmark
  public MemorySegment toGuest() throws ConversionException {
    codec.toGuest(ctx, host, 0, guest, 0);
    return guest;
  }

  @Benchmark
  public MemorySegment copyFloor() {
    MemorySegment.copy(copyFrom, 0, copyTo, 0, copyTo.byteSize());
    return copyTo;
  }
}
