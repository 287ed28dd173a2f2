package dev.compat32.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Segment guest memory's bounds at every edge: NULL's page, the last byte, the end (a pointer equal
 * to the size is out for anything the kernel may follow), negative and overflowing lengths; and
 * the no-access page after it, asked of the kernel ({@code FIONREAD} writes 4 bytes or answers EFAULT).
 */
class SegmentGuestMemoryTest {
  private static final long SIZE = 16 * 4096;
  private static final long FIONREAD = 0x541B;
  private final MemorySegment state = LinuxNative.newCallState(Arena.ofAuto());
  private Arena arena;
  private SegmentGuestMemory memory;
  private int[] pipe;

  @BeforeEach
  void setUp() {
    arena = Arena.ofConfined();
    memory = SegmentGuestMemory.allocate(arena, SIZE);
    pipe = LinuxNative.pipe();
  }

  @AfterEach
  void tearDown() {
    arena.close();
    LinuxNative.close(pipe[0]);
    LinuxNative.close(pipe[1]);
  }

  @Test
  void boundsAreExactAtTheEnd() throws Exception {
    assertThat(memory.contains(SIZE - 8, 8)).isTrue();
    assertThat(memory.contains(SIZE - 8, 9)).isFalse();
    assertThat(memory.contains(SIZE, 1)).as("a pointer equal to the size, length 1").isFalse();
    assertThat(memory.contains(SIZE, 0)).as("an empty range at the end").isTrue();
    assertThat(memory.contains(SIZE + 1, 0)).isFalse();
    assertThat(memory.available(SIZE - 1)).isEqualTo(1);
    assertThat(memory.available(SIZE)).isZero();
    assertThatThrownBy(() -> memory.toHost(SIZE)).as("a pointer the kernel may follow, at the end")
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT));
    assertThat(memory.toHost(SIZE - 1)).isEqualTo(memory.backing().address() + SIZE - 1);
    assertThatThrownBy(() -> memory.toGuest(memory.backing().address() + SIZE)).isInstanceOf(ConversionException.class);
    assertThat(memory.slice(SIZE, 0).byteSize()).isZero();
  }

  @Test
  void negativeOverflowingAndNullPageRangesAreOut() {
    for (long length : new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 32) + 1}) {
      assertThat(memory.contains(4096, length)).as("length %d", length).isFalse();
    }
    for (long address : new long[] {0, 1, 4095, -1, Long.MIN_VALUE, 1L << 32}) {
      assertThat(memory.contains(address, 1)).as("address 0x%x", address).isFalse();
      assertThat(memory.available(address)).isZero();
    }
    assertThatThrownBy(() -> memory.slice(4096, -1)).isInstanceOf(ConversionException.class);
    assertThatThrownBy(() -> memory.slice(Long.MAX_VALUE, 2)).isInstanceOf(ConversionException.class);
  }

  @Test
  void theKernelFaultsRightAfterTheLastByte() throws Exception {
    long last = memory.toHost(SIZE - 4);
    assertThat(LinuxNative.ioctl(state, pipe[0], FIONREAD, last)).isZero();
    assertThat(LinuxNative.ioctl(state, pipe[0], FIONREAD, last + 1)).as("3 bytes before the end").isEqualTo(-Errno.EFAULT);
    assertThat(memory.backing().address() % 4096).as("page aligned for a size of whole pages").isZero();
  }
}
