package it;

import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.generated.Ifreq;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import it.generated.ItEvent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

public class NestedTest {
  @org.junit.jupiter.api.Test
  public void deepCopiesTheBundledIfreqArray() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 16);
      ConversionContext ctx = new ConversionContext(memory);
      MemorySegment guest = memory.backing();
      long event = 0x1000;
      long reqs = 0x2000;
      guest.set(ValueLayout.JAVA_INT_UNALIGNED, event + ItEvent.GUEST_OFFSET_COUNT, 2);
      guest.set(ValueLayout.JAVA_INT_UNALIGNED, event + ItEvent.GUEST_OFFSET_REQS, (int) reqs);
      guest.setString(reqs + Ifreq.GUEST_SIZE, "lo");
      MemorySegment host = arena.allocate(ItEvent.HOST_SIZE, 8);
      ItEvent.toHost(ctx, guest, event, host, 0);
      long copy = host.get(ValueLayout.JAVA_LONG_UNALIGNED, ItEvent.HOST_OFFSET_REQS);
      MemorySegment second = MemorySegment.ofAddress(copy + Ifreq.HOST_SIZE).reinterpret(16);
      org.junit.jupiter.api.Assertions.assertEquals("lo", second.getString(0));
    }
  }
}
