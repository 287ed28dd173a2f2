package dev.compat32.runtime.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.runtime.Errno;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * No exception escapes the dispatcher: a handler that fails the way a hostile argument can make
 * conversion fail (a stack or heap exhausted, an index out of bounds) answers an errno and is
 * counted. The failures are real ones, provoked, not constructed.
 */
class IoctlDispatcherFailureTest {
  private static final int COMMAND = 0x1234;

  private static int recurse(int depth) {
    return depth == Integer.MAX_VALUE ? depth : recurse(depth + 1) + 1;
  }

  private static int answer(Supplier<Integer> failure, IoctlDispatcher[] out) {
    try (Arena arena = Arena.ofConfined()) {
      IoctlTable table = new IoctlTable() {
        @Override
        public IoctlHandler handler(int guestCommand) {
          return guestCommand == COMMAND ? (call, fd, arg) -> failure.get() : null;
        }

        @Override
        public List<IoctlEntry> entries() {
          return List.of();
        }
      };
      IoctlDispatcher dispatcher = new IoctlDispatcher(table, SegmentGuestMemory.allocate(arena, 1 << 16));
      out[0] = dispatcher;
      return dispatcher.ioctl(0, COMMAND, 0x1000);
    }
  }

  @Test
  void aStackOverflowIsEfault() {
    IoctlDispatcher[] dispatcher = new IoctlDispatcher[1];
    assertThat(answer(() -> recurse(0), dispatcher)).isEqualTo(-Errno.EFAULT);
    assertThat(dispatcher[0].failures()).isEqualTo(1);
    assertThat(dispatcher[0].lastFailure()).isInstanceOf(StackOverflowError.class);
  }

  @Test
  void runningOutOfHeapIsEnomem() {
    IoctlDispatcher[] dispatcher = new IoctlDispatcher[1];
    assertThat(answer(() -> new long[Integer.MAX_VALUE - 2].length, dispatcher)).isEqualTo(-Errno.ENOMEM);
    assertThat(dispatcher[0].failures()).isEqualTo(1);
    assertThat(dispatcher[0].lastFailure()).isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void aSegmentAccessOutOfBoundsIsEfaultAndGoodCallsAreNotCounted() {
    IoctlDispatcher[] dispatcher = new IoctlDispatcher[1];
    assertThat(answer(() -> MemorySegment.ofArray(new byte[4]).get(ValueLayout.JAVA_INT, 8), dispatcher)).isEqualTo(-Errno.EFAULT);
    assertThat(dispatcher[0].lastFailure()).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(dispatcher[0].failures()).isEqualTo(1);
    assertThat(dispatcher[0].ioctl(0, COMMAND + 1, 0)).as("an unknown command").isEqualTo(-Errno.ENOTTY);
    assertThat(dispatcher[0].failures()).isEqualTo(1);
  }
}
