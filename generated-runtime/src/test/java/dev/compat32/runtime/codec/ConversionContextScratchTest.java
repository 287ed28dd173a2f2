package dev.compat32.runtime.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scratch is bounded: guest-sized buffers get at most {@link ConversionContext#SCRATCH_CAP} real
 * bytes and, past that, a no-access page where the real bytes end, which the kernel itself is asked
 * about ({@code FIONREAD} writes 4 bytes at its argument, or answers EFAULT).
 */
class ConversionContextScratchTest {
  private static final long FIONREAD = 0x541B;
  private final MemorySegment state = LinuxNative.newCallState(Arena.ofAuto());
  private Arena arena;
  private ConversionContext ctx;
  private int[] pipe;

  @BeforeEach
  void setUp() {
    arena = Arena.ofConfined();
    ctx = new ConversionContext(SegmentGuestMemory.allocate(arena, 1 << 16));
    pipe = LinuxNative.pipe();
  }

  @AfterEach
  void tearDown() {
    arena.close();
    LinuxNative.close(pipe[0]);
    LinuxNative.close(pipe[1]);
  }

  private int kernelWritesAt(long address) {
    return LinuxNative.ioctl(state, pipe[0], FIONREAD, address);
  }

  @Test
  void aGuestLengthPastTheCapGetsTheCapFollowedByANoAccessPage() throws Exception {
    MemorySegment buffer = ctx.boundedScratch(1L << 30, 8);
    assertThat(buffer.byteSize()).isEqualTo(ConversionContext.SCRATCH_CAP);
    assertThat(kernelWritesAt(buffer.address() + buffer.byteSize() - 4)).isZero();
    assertThat(kernelWritesAt(buffer.address() + buffer.byteSize())).isEqualTo(-Errno.EFAULT);
    assertThat(ctx.hostBuffer(buffer.address() + 16, 64).address()).as("the kernel's pointers into it are scratch")
        .isEqualTo(buffer.address() + 16);
    assertThat(ctx.largestScratch()).isEqualTo(ConversionContext.SCRATCH_CAP);
  }

  @Test
  void lengthsWithinTheCapAreExactAndNegativeOnesAreEfault() throws Exception {
    assertThat(ctx.boundedScratch(100, 4).byteSize()).isEqualTo(100);
    assertThat(ctx.boundedScratch(ConversionContext.SCRATCH_CAP, 8).byteSize()).isEqualTo(ConversionContext.SCRATCH_CAP);
    assertThatThrownBy(() -> ctx.boundedScratch(-1, 1)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT));
    assertThatThrownBy(() -> ctx.scratch(ConversionContext.SCRATCH_CAP + 1, 1)).as("a size compat32 knows is never that large")
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
  }

  @Test
  void edgeBlocksAreReusedZeroedAndLimitedPerCall() throws Exception {
    MemorySegment first = ctx.boundedScratch(1L << 40, 8);
    first.fill((byte) 0x77);
    ctx.reset();
    MemorySegment again = ctx.boundedScratch(1L << 40, 8);
    assertThat(again.address()).as("the same mapping, not a new one").isEqualTo(first.address());
    assertThat(again.toArray(JAVA_BYTE)).as("given back and zero again").containsOnly(0);
    for (int i = 1; i < ConversionContext.MAX_EDGE_BLOCKS; i++) {
      ctx.boundedScratch(ConversionContext.SCRATCH_CAP + 1, 8);
    }
    assertThatThrownBy(() -> ctx.boundedScratch(ConversionContext.SCRATCH_CAP + 1, 8))
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
  }

  @Test
  void theReusedBlockIsFilledBeforeEdgeBlocksAndEveryBufferIsZeroed() throws Exception {
    MemorySegment small = ctx.scratch(64, 8);
    small.set(JAVA_LONG, 0, -1L);
    ctx.reset();
    assertThat(ctx.scratch(64, 8).get(JAVA_LONG, 0)).isZero();
    ctx.reset();
    MemorySegment whole = ctx.scratch(ConversionContext.INITIAL_SCRATCH, 8);
    assertThat(kernelWritesAt(whole.address() + whole.byteSize() - 4)).isZero();
    assertThat(kernelWritesAt(whole.address() + whole.byteSize())).as("right after the reused block").isEqualTo(-Errno.EFAULT);
    MemorySegment next = ctx.scratch(64, 8);
    assertThat(kernelWritesAt(next.address() + next.byteSize())).as("past the block, an edge block's end")
        .isEqualTo(-Errno.EFAULT);
  }
}
