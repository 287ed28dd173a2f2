package dev.compat32.runtime.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.memory.EdgeBlock;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * A passthrough argument that runs past the end of guest memory: the kernel writes what lies before
 * the end and faults there, as for an i386 process whose memory ends there, rather than being
 * refused whole. Compared with the host kernel's own answer for a host buffer that ends at a
 * no-access page the same way.
 */
class PartialPassthroughTest {
  private static final int TIOCGWINSZ = 0x5413;
  private static final int TIOCSWINSZ = 0x5414;

  @Test
  void theBytesBeforeTheEndAreWrittenAndTheCallFaults() {
    int pty = LinuxNative.open("/dev/ptmx", LinuxNative.O_RDWR | LinuxNative.O_NOCTTY | LinuxNative.O_CLOEXEC, 0);
    assertThat(pty).isNotNegative();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = LinuxNative.newCallState(arena);
      MemorySegment size = arena.allocate(8);
      size.set(ValueLayout.JAVA_SHORT, 0, (short) 0x1234);
      size.set(ValueLayout.JAVA_SHORT, 2, (short) 0x5678);
      assertThat(LinuxNative.ioctl(state, pty, TIOCSWINSZ, size.address())).isZero();

      // the host kernel, a struct winsize of which 4 bytes lie before a no-access page
      EdgeBlock edge = EdgeBlock.map(4096);
      MemorySegment hostTail = edge.tail(4, 1);
      int expected = LinuxNative.ioctl(state, pty, TIOCGWINSZ, hostTail.address());

      long memorySize = 1 << 16;
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, memorySize);
      int answer = new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory).ioctl(pty, TIOCGWINSZ, (int) (memorySize - 4));
      assertThat(answer).isEqualTo(expected).isEqualTo(-14);
      assertThat(memory.backing().asSlice(memorySize - 4, 4).toArray(ValueLayout.JAVA_BYTE))
          .as("what the kernel wrote before the fault stays, as in the host's own buffer")
          .containsExactly(hostTail.toArray(ValueLayout.JAVA_BYTE)).containsExactly(0x34, 0x12, 0x78, 0x56);
    } finally {
      LinuxNative.close(pty);
    }
  }
}
