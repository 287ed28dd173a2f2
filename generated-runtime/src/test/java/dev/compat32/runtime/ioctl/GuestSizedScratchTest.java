package dev.compat32.runtime.ioctl;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.generated.CompatIoctls;
import dev.compat32.runtime.memory.IdentityGuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import dev.compat32.runtime.testing.SafeCommands;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lengths the guest chooses never size host memory past {@link ConversionContext#SCRATCH_CAP}:
 * with 64 MiB of guest memory, so that huge lengths and counts do lie in guest memory, every command
 * of the table gets hostile struct bytes, and repeated huge-length calls must leave resident memory
 * where it was.
 */
class GuestSizedScratchTest {
  private static final long GUEST_SIZE = 64L << 20;
  private static final long PAGE = 4096;
  private static final MemorySegment STATE = LinuxNative.newCallState(Arena.global());

  @TempDir
  static Path work;

  private static int socket;
  private static int pty;
  private static int fragmented;

  @BeforeAll
  static void open() throws IOException {
    socket = LinuxNative.socket(LinuxNative.AF_INET, LinuxNative.SOCK_DGRAM, 0);
    pty = LinuxNative.openPtyMaster();
    Path data = work.resolve("fragmented.bin");
    try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
      for (int i = 0; i < 12; i++) {
        file.seek(i * 2 * PAGE);
        file.write(new byte[(int) PAGE]);
      }
    }
    fragmented = LinuxNative.open(data.toString(), LinuxNative.O_RDONLY, 0);
  }

  @AfterAll
  static void close() {
    LinuxNative.close(socket);
    LinuxNative.close(pty);
    LinuxNative.close(fragmented);
  }

  @Test
  void noCommandSizesScratchPastTheCapFromGuestBytes() throws Exception {
    try (IdentityGuestMemory memory = new IdentityGuestMemory()) {
      long base = memory.allocate(GUEST_SIZE);
      MemorySegment guest = memory.slice(base, GUEST_SIZE);
      IoctlCall call = new IoctlCall(memory);
      Random random = new Random(20261201L);
      // words that steer sizes: huge and negative counts, byte lengths whose rescaling wraps, pointers into guest memory
      int[] words = {-1, Integer.MIN_VALUE, -1717986919, 0x7fffffff, 1 << 30, 60 << 20, 1 << 24, (int) base + 4096,
          (int) (base + GUEST_SIZE / 2)};
      List<String> thrown = new ArrayList<>();
      int calls = 0;
      for (IoctlEntry entry : SafeCommands.onDevices(CompatIoctlTable.INSTANCE.entries())) {
        if (!entry.argument().endsWith("*")) {
          continue;
        }
        for (int round = 0; round < 8; round++) {
          long struct = base + GUEST_SIZE / 4;
          for (int i = 0; i < 64; i++) {
            guest.set(JAVA_INT_UNALIGNED, struct - base + 4L * i, words[random.nextInt(words.length)]);
          }
          int fd = new int[] {socket, pty, fragmented}[round % 3];
          try {
            CompatIoctlTable.INSTANCE.handler(entry.guestNumber()).handle(call, fd, struct);
          } catch (RuntimeException | Error e) {
            thrown.add(entry.name() + ": " + e);
          } finally {
            call.end();
          }
          calls++;
        }
      }
      System.out.printf("%d hostile calls, largest scratch buffer %d bytes%n", calls, call.conversion().largestScratch());
      assertThat(thrown).as("handlers that threw").isEmpty();
      assertThat(call.conversion().largestScratch()).isLessThanOrEqualTo(ConversionContext.SCRATCH_CAP);
    }
  }

  @Test
  void repeatedHugeLengthsLeaveResidentMemoryFlat() throws Exception {
    try (IdentityGuestMemory memory = new IdentityGuestMemory()) {
      long base = memory.allocate(GUEST_SIZE);
      MemorySegment guest = memory.slice(base, GUEST_SIZE);
      IoctlDispatcher dispatcher = new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory);
      long ifconf = base + 4096;
      long fiemap = base + 8192;
      int[] results = new int[2];
      int[] lengths = {64, 12};
      Runnable calls = () -> {
        guest.set(JAVA_INT_UNALIGNED, ifconf - base, lengths[0]);                   // ifc_len
        guest.set(JAVA_INT_UNALIGNED, ifconf - base + 4, (int) base + (1 << 20));   // ifc_buf, in guest memory
        results[0] = dispatcher.ioctl(socket, CompatIoctls.I386.SIOCGIFCONF, (int) ifconf);
        MemorySegment header = guest.asSlice(fiemap - base, 32);
        header.fill((byte) 0);
        header.set(JAVA_LONG_UNALIGNED, 8, -1L);                                    // fm_length
        header.set(JAVA_INT_UNALIGNED, 16, 1);                                      // FIEMAP_FLAG_SYNC
        header.set(JAVA_INT_UNALIGNED, 24, lengths[1]);                             // fm_extent_count
        results[1] = dispatcher.ioctl(fragmented, CompatIoctls.I386.FS_IOC_FIEMAP, (int) fiemap);
      };
      for (int i = 0; i < 200; i++) {
        calls.run();  // the same calls with modest lengths: code loaded and compiled before the baseline
      }
      System.gc();
      long before = ResidentMemory.kilobytes();
      lengths[0] = 60 << 20;  // 60 MiB of ifreqs
      lengths[1] = 1 << 20;   // 56 MiB of extents
      for (int i = 0; i < 200; i++) {
        calls.run();
      }
      System.gc();
      long after = ResidentMemory.kilobytes();
      System.out.printf("RSS %d kB before 200 rounds of huge-length calls, %d kB after; SIOCGIFCONF %d, FS_IOC_FIEMAP %d%n",
          before, after, results[0], results[1]);
      assertThat(after - before).as("resident memory growth in kB").isLessThan(8 * 1024);
      assertThat(dispatcher.failures()).isZero();
      // the kernel's own answer for the fiemap: a count far over the file's 12 extents is fine
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment host = arena.allocate(32 + 16 * 56, 8);
        host.set(JAVA_LONG_UNALIGNED, 8, -1L);
        host.set(JAVA_INT_UNALIGNED, 16, 1);
        host.set(JAVA_INT_UNALIGNED, 24, 1 << 20);
        assertThat(results[1]).isEqualTo(LinuxNative.ioctl(STATE, fragmented, CompatIoctls.X8664.FS_IOC_FIEMAP, host.address()));
        assertThat(guest.get(JAVA_INT_UNALIGNED, fiemap - base + 20)).as("fm_mapped_extents")
            .isEqualTo(host.get(JAVA_INT_UNALIGNED, 20)).isEqualTo(12);
      }
    }
  }
}
