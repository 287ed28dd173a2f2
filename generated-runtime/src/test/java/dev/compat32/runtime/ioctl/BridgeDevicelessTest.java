package dev.compat32.runtime.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.memory.NoAccessPage;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIOCGIFBR's hidden pointer, {@code args[1]}: it reaches the kernel only as a host copy of guest
 * memory or as the no-access page, never as the guest's number. Each answer is compared with the
 * host kernel's own answer to the same call made with host buffers (the no-access page where the
 * guest's pointer is bad), which is what the i386 compat path computes after reading the three
 * words.
 */
class BridgeDevicelessTest {
  private static final int SIOCGIFBR = 0x8940;
  private static final long MEMORY = 1 << 16;
  private static final long ARGS = 0x1000;
  private static final long BUFFER = 0x2000;

  private Arena arena;
  private SegmentGuestMemory memory;
  private IoctlDispatcher dispatcher;
  private MemorySegment state;
  private int fd;

  @BeforeEach
  void open() {
    arena = Arena.ofConfined();
    memory = SegmentGuestMemory.allocate(arena, MEMORY);
    dispatcher = new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory);
    state = LinuxNative.newCallState(arena);
    fd = LinuxNative.socket(LinuxNative.AF_INET, LinuxNative.SOCK_DGRAM, 0);
    assertThat(fd).isNotNegative();
  }

  @AfterEach
  void close() {
    LinuxNative.close(fd);
    arena.close();
  }

  @Test
  void theVersionNeedsNoPointer() {
    assertThat(guest(0, 0xdead0000L, 0)).isEqualTo(host(0, NoAccessPage.ADDRESS, 0)).isEqualTo(1);
  }

  @Test
  void bridgesAreWrittenIntoGuestMemoryThroughAHostCopy() {
    MemorySegment indices = arena.allocate(8 * 4);
    int expected = host(1, indices.address(), 8);
    memory.backing().asSlice(BUFFER, 32).fill((byte) 0x7f);
    assertThat(guest(1, BUFFER, 8)).isEqualTo(expected);
    for (int i = 0; i < expected; i++) {
      assertThat(memory.backing().get(ValueLayout.JAVA_INT_UNALIGNED, BUFFER + 4L * i)).isEqualTo(indices.getAtIndex(ValueLayout.JAVA_INT, i));
    }
    assertThat(memory.backing().get(ValueLayout.JAVA_BYTE, BUFFER + 4L * expected)).as("nothing past what the kernel wrote").isEqualTo((byte) 0x7f);
  }

  @Test
  void aCountTheKernelRefusesIsRefusedBeforeAnyPointerIsLookedAt() {
    assertThat(guest(1, 0xdead0000L, 2048)).isEqualTo(host(1, NoAccessPage.ADDRESS, 2048)).isEqualTo(-12);
  }

  @Test
  void aNameOutsideGuestMemoryIsTheNoAccessPageNotHostBytes() {
    // a host page holding a valid bridge name: the raw guest number pointing at it must not be followed
    MemorySegment foreign = arena.allocate(4096, 4096);
    foreign.setString(0, "c32br" + (System.nanoTime() % 1000));
    long raw = foreign.address() & 0xffffffffL;
    int answer = guest(2, raw, 0);
    assertThat(answer).isEqualTo(host(2, NoAccessPage.ADDRESS, 0));
    assertThat(answer).as("EFAULT as root, EPERM otherwise: never a bridge made from host bytes").isIn(-14, -1);
  }

  @Test
  void aNameInGuestMemoryIsCopiedAndUsed() {
    memory.backing().setString(BUFFER, "c32-nosuch0");
    MemorySegment name = arena.allocateFrom("c32-nosuch0");
    // deleting a bridge that does not exist: the kernel read the name (ENXIO) or was not allowed to (EPERM)
    assertThat(guest(3, BUFFER, 0)).isEqualTo(host(3, name.address(), 0)).isIn(-6, -1);
  }

  private int guest(long command, long pointer, long count) {
    MemorySegment args = memory.backing().asSlice(ARGS, 12);
    args.set(ValueLayout.JAVA_INT_UNALIGNED, 0, (int) command);
    args.set(ValueLayout.JAVA_INT_UNALIGNED, 4, (int) pointer);
    args.set(ValueLayout.JAVA_INT_UNALIGNED, 8, (int) count);
    return dispatcher.ioctl(fd, SIOCGIFBR, (int) ARGS);
  }

  private int host(long command, long pointer, long count) {
    MemorySegment args = arena.allocate(24, 8);
    args.set(ValueLayout.JAVA_LONG, 0, command);
    args.set(ValueLayout.JAVA_LONG, 8, pointer);
    args.set(ValueLayout.JAVA_LONG, 16, count);
    return LinuxNative.ioctl(state, fd, SIOCGIFBR, args.address());
  }
}
