package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.generated.KernelOldTimeval;
import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import example.compat.CompatIoctlTable;
import example.compat.CompatIoctls;
import example.compat.SampleStats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Uses the code generated from src/main/compat32/sample.yaml. */
class SampleStatsTest {

  @Test
  void layoutsAreTheCompilers() {
    // checked against gcc -m32 / -m64 by compat32:verify in this very build
    assertEquals(28, SampleStats.GUEST_SIZE);
    assertEquals(48, SampleStats.HOST_SIZE);
    assertEquals(0x801c_5301, CompatIoctls.I386.SAMPLE_GET_STATS);
    assertEquals(0x8030_5301, CompatIoctls.X8664.SAMPLE_GET_STATS);
  }

  @Test
  void hostStatsComeBackToTheGuest() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      ConversionContext ctx = new ConversionContext(SegmentGuestMemory.allocate(arena, 1 << 16));
      MemorySegment host = arena.allocate(SampleStats.HOST_SIZE, 8);
      host.set(ValueLayout.JAVA_INT, SampleStats.HOST_OFFSET_VERSION, 3);
      host.set(ValueLayout.JAVA_LONG, SampleStats.HOST_OFFSET_PACKETS, 4_000_000_000L);
      host.set(ValueLayout.JAVA_LONG, SampleStats.HOST_OFFSET_BYTES, 1L << 40);
      host.set(ValueLayout.JAVA_LONG, SampleStats.HOST_OFFSET_LAST + KernelOldTimeval.HOST_OFFSET_TV_SEC, -2L);
      host.set(ValueLayout.JAVA_SHORT, SampleStats.HOST_OFFSET_FLAGS, (short) 7);
      MemorySegment guest = arena.allocate(SampleStats.GUEST_SIZE, 4);
      SampleStats.toGuest(ctx, host, 0, guest, 0);
      assertEquals(3, guest.get(ValueLayout.JAVA_INT_UNALIGNED, SampleStats.GUEST_OFFSET_VERSION));
      assertEquals((int) 4_000_000_000L, guest.get(ValueLayout.JAVA_INT_UNALIGNED, SampleStats.GUEST_OFFSET_PACKETS));
      assertEquals(1L << 40, guest.get(ValueLayout.JAVA_LONG_UNALIGNED, SampleStats.GUEST_OFFSET_BYTES));
      assertEquals(-2, guest.get(ValueLayout.JAVA_INT_UNALIGNED, SampleStats.GUEST_OFFSET_LAST + KernelOldTimeval.GUEST_OFFSET_TV_SEC));
      assertEquals(7, guest.get(ValueLayout.JAVA_SHORT_UNALIGNED, SampleStats.GUEST_OFFSET_FLAGS));

      // 'packets' says eoverflow: a count past 32 bits fails the way the kernel fails
      host.set(ValueLayout.JAVA_LONG, SampleStats.HOST_OFFSET_PACKETS, 1L << 32);
      ConversionException e = assertThrows(ConversionException.class, () -> SampleStats.toGuest(ctx, host, 0, guest, 0));
      assertEquals(Errno.EOVERFLOW, e.errno());
    }
  }

  @Test
  void theValueRecordReadsAndWritesEitherLayout() {
    SampleStats.Value stats = new SampleStats.Value(3, 4_000_000_000L, -5, new KernelOldTimeval.Value(-2, 9), 7);
    MemorySegment guest = MemorySegment.ofArray(new byte[(int) SampleStats.GUEST_SIZE]);
    SampleStats.encodeGuest(stats, guest, 0);
    assertEquals(-2, guest.get(ValueLayout.JAVA_INT_UNALIGNED, SampleStats.GUEST_OFFSET_LAST + KernelOldTimeval.GUEST_OFFSET_TV_SEC));
    assertEquals(stats, SampleStats.decodeGuest(guest, 0));
    MemorySegment host = MemorySegment.ofArray(new byte[(int) SampleStats.HOST_SIZE]);
    SampleStats.encodeHost(stats, host, 0);
    assertEquals(stats, SampleStats.decodeHost(host, 0));
    assertEquals("struct sample_stats{version=3, packets=4000000000, bytes=-5, "
        + "last=struct __kernel_old_timeval{tv_sec=-2, tv_usec=9}, flags=7}", stats.toString());
  }

  @Test
  void theTableServesBothCommands() {
    assertNotNull(CompatIoctlTable.INSTANCE.handler(CompatIoctls.I386.SAMPLE_GET_STATS));
    assertNotNull(CompatIoctlTable.INSTANCE.handler(CompatIoctls.I386.SAMPLE_RESET));
    assertEquals(null, CompatIoctlTable.INSTANCE.handler(0x12345678));
  }
}
