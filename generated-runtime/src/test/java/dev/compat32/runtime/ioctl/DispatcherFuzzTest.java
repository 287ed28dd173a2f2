package dev.compat32.runtime.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.generated.CompatIoctls;
import dev.compat32.runtime.memory.GuestMemory;
import dev.compat32.runtime.memory.IdentityGuestMemory;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import dev.compat32.runtime.testing.SafeCommands;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.compat32.runtime.Errno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random guest ioctls through the dispatcher: random commands (table entries, near misses with
 * other size bits, and noise), random pointers (inside, straddling the end of, and outside guest
 * memory, NULL's page), random struct bytes with the counts and pointers that steer deep copies
 * chosen from their edges (fiemap extent counts, ifconf lengths and buffers), on a pty, a socket,
 * a pipe, a file, {@code /dev/urandom} and bad fds. Every call must return normally, with a
 * non-negative result or a Linux errno (1..133, errno(3); never a kernel-internal one such as
 * ENOIOCTLCMD), and leave the memory around the guest untouched. Two answers are exact: an unknown
 * command is ENOTTY, and a pointer argument outside guest memory gets what the kernel answers for
 * the host command on that fd with a pointer it cannot touch (EFAULT, or EBADF, ENOTTY and the
 * like where the fd or command is checked first), asked here with a no-access page of the test's
 * own. Lengths and counts include hostile ones (negative, wrapping when rescaled, far past guest
 * memory): no call may fail inside compat32 (the dispatcher counts those it answered with an errno),
 * and resident memory is printed before and after. The seed is fixed and printed;
 * {@code -Dcompat32.fuzz.seed=N} runs another, {@code -Dcompat32.fuzz.cases=N} more cases.
 */
class DispatcherFuzzTest {
  /** Cases per guest memory kind; two kinds run, so the suite runs twice this. */
  private static final int CASES = Integer.getInteger("compat32.fuzz.cases", 60_000);
  // fixed, so a CI run is repeatable; -Dcompat32.fuzz.seed=N explores others
  private static final long SEED = Long.getLong("compat32.fuzz.seed", 20261128L);

  /** The last errno errno(3) documents for Linux (EHWPOISON); 512 and up are the kernel's internal ones. */
  private static final int LAST_ERRNO = 133;

  private static final long GUEST_SIZE = 1 << 20;
  private static final MemorySegment CALL_STATE = LinuxNative.newCallState(Arena.global());
  /** A page the kernel can neither read nor write, to ask it what a bad pointer gets. */
  private static final long NO_ACCESS_PAGE = LinuxNative.mmapAnonymous(CALL_STATE, 0, 4096, LinuxNative.PROT_NONE,
      LinuxNative.MAP_PRIVATE);
  private static final long CANARY = 64 * 1024;

  @TempDir
  static Path work;

  private static int pty;
  private static int socket;
  private static int[] pipe;
  private static int file;
  private static int urandom;

  @BeforeAll
  static void openFds() throws Exception {
    pty = LinuxNative.openPtyMaster();
    socket = LinuxNative.socket(LinuxNative.AF_INET, LinuxNative.SOCK_DGRAM, 0);
    pipe = LinuxNative.pipe();
    Path data = Files.write(work.resolve("data.bin"), new byte[64 * 1024]);
    file = LinuxNative.open(data.toString(), LinuxNative.O_RDONLY, 0);
    urandom = LinuxNative.open("/dev/urandom", LinuxNative.O_RDONLY, 0);
    assertThat(List.of(pty, socket, pipe[0], file, urandom)).allMatch(fd -> fd >= 0);
  }

  @AfterAll
  static void closeFds() {
    for (int fd : new int[] {pty, socket, pipe[0], pipe[1], file, urandom}) {
      LinuxNative.close(fd);
    }
  }

  @Test
  void segmentGuestMemory() {
    try (Arena arena = Arena.ofConfined()) {
      // guest memory with canaries on both sides: no conversion may write outside it
      MemorySegment all = arena.allocate(CANARY + GUEST_SIZE + CANARY, 4096);
      all.fill((byte) 0xa5);
      SegmentGuestMemory memory = new SegmentGuestMemory(all.asSlice(CANARY, GUEST_SIZE));
      memory.backing().fill((byte) 0);
      Report report = fuzz(memory, memory.backing(), 0, SEED);
      assertThat(all.asSlice(0, CANARY).toArray(ValueLayout.JAVA_BYTE)).as("below guest memory").containsOnly((byte) 0xa5);
      assertThat(all.asSlice(CANARY + GUEST_SIZE, CANARY).toArray(ValueLayout.JAVA_BYTE)).as("above guest memory")
          .containsOnly((byte) 0xa5);
      report.check();
    }
  }

  @Test
  void identityMappedGuestMemory() throws Exception {
    try (IdentityGuestMemory memory = new IdentityGuestMemory()) {
      long base = memory.allocate(GUEST_SIZE);
      Report report = fuzz(memory, memory.slice(base, GUEST_SIZE), base, SEED + 1);
      report.check();
    }
  }

  /** What a run saw. */
  private record Report(long seed, int cases, Map<Integer, Integer> errnos, int successes, int exact, List<String> wrong,
      long failures, Throwable lastFailure, long rssBefore, long rssAfter) {
    void check() {
      System.out.printf("fuzz seed %d: %d cases, %d succeeded, %d with an exact expected answer, errnos %s, %d failed inside"
          + " compat32, RSS %d kB before, %d kB after%n", seed, cases, successes, exact, errnos, failures, rssBefore, rssAfter);
      assertThat(failures).as("calls that failed inside compat32, the last: %s", lastFailure).isZero();
      assertThat(wrong).as("wrong answers (seed %d)", seed).isEmpty();
      assertThat(exact).as("cases with an exact expected answer").isGreaterThan(cases / 10);
      assertThat(cases).isGreaterThanOrEqualTo(50_000);
      assertThat(successes).as("some calls must get through to the kernel and succeed").isGreaterThan(cases / 50);
      assertThat(errnos).as("bad pointers must be caught").containsKey(14);
    }
  }

  private static Report fuzz(GuestMemory memory, MemorySegment guest, long base, long seed) {
    Random random = new Random(seed);
    IoctlDispatcher dispatcher = new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory);
    List<IoctlEntry> entries = CompatIoctlTable.INSTANCE.entries();
    List<IoctlEntry> safe = SafeCommands.onDevices(entries);
    List<IoctlEntry> safeOnPipe = SafeCommands.onPipes(entries);
    Set<Integer> known = new HashSet<>();
    entries.forEach(e -> known.add(e.guestNumber()));
    Map<Integer, Long> pointerCommands = pointerCommands(entries);
    Map<Integer, Integer> errnos = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    int successes = 0;
    int exact = 0;
    System.gc();
    long rssBefore = ResidentMemory.kilobytes();
    for (int n = 0; n < CASES; n++) {
      int fdChoice = random.nextInt(7);
      int fd = switch (fdChoice) {
        case 0 -> pty;
        case 1 -> socket;
        case 2 -> pipe[0];
        case 3 -> file;
        case 4 -> urandom;
        case 5 -> -1;
        default -> 999;
      };
      List<IoctlEntry> pool = fd == pipe[0] || fd < 0 || fd == 999 ? safeOnPipe : safe;
      int command = command(random, pool, known);
      long struct = base + 4096 + (random.nextInt((int) (GUEST_SIZE / 2)) & ~3);
      int arg = argument(random, base, struct);
      fill(random, guest, struct - base, command, base);
      int result = dispatcher.ioctl(fd, command, arg);
      long address = Integer.toUnsignedLong(arg);
      Integer expected = !known.contains(command) ? Integer.valueOf(-Errno.ENOTTY)
          : pointerCommands.containsKey(command) && address != 0 && (address < base + 4096 || address >= base + GUEST_SIZE)
              ? Integer.valueOf(LinuxNative.ioctl(CALL_STATE, fd, pointerCommands.get(command), NO_ACCESS_PAGE)) : null;
      String call = "0x" + Integer.toHexString(command) + " on fd " + fd + " arg 0x" + Integer.toHexString(arg);
      if (expected != null) {
        exact++;
        if (result != expected && wrong.size() < 20) {
          wrong.add(call + ": " + result + ", expected " + expected);
        }
      }
      if (result >= 0) {
        successes++;
      } else {
        errnos.merge(-result, 1, Integer::sum);
        if (-result > LAST_ERRNO && wrong.size() < 20) {
          wrong.add(call + ": errno " + -result + " is no Linux errno a caller may see");
        }
      }
    }
    System.gc();
    return new Report(seed, CASES, errnos, successes, exact, wrong, dispatcher.failures(), dispatcher.lastFailure(), rssBefore,
        ResidentMemory.kilobytes());
  }

  /**
   * Guest numbers, with their host numbers, whose argument is a pointer that compat32 checks: one
   * handling per number (numbers told apart by the fd ask the fd first) and no custom handler.
   */
  private static Map<Integer, Long> pointerCommands(List<IoctlEntry> entries) {
    Map<Integer, Set<String>> handlings = new HashMap<>();
    entries.forEach(e -> handlings.computeIfAbsent(e.guestNumber(), k -> new HashSet<>())
        .add(e.hostNumber() + " " + e.path() + " " + e.argument()));
    Map<Integer, Long> out = new HashMap<>();
    for (IoctlEntry e : entries) {
      if (e.argument().endsWith("*") && !e.path().equals("custom") && handlings.get(e.guestNumber()).size() == 1) {
        out.put(e.guestNumber(), e.hostNumber());
      }
    }
    return out;
  }

  private static int command(Random random, List<IoctlEntry> pool, Set<Integer> known) {
    int roll = random.nextInt(100);
    if (roll < 75) {
      return pool.get(random.nextInt(pool.size())).guestNumber();
    }
    int candidate;
    if (roll < 90) {
      // a near miss: the same command with another size in its number
      candidate = pool.get(random.nextInt(pool.size())).guestNumber() ^ (1 << (16 + random.nextInt(14)));
    } else {
      candidate = random.nextInt();
    }
    // a noise number that hits a real command must still be one that is safe here
    return known.contains(candidate) && pool.stream().noneMatch(e -> e.guestNumber() == candidate)
        ? pool.get(0).guestNumber() : candidate;
  }

  private static int argument(Random random, long base, long struct) {
    return switch (random.nextInt(10)) {
      case 0 -> 0;
      case 1 -> 1 + random.nextInt(4095);                                         // NULL's page
      case 2 -> (int) (base + GUEST_SIZE - random.nextInt(256));                  // straddling the end
      case 3 -> (int) (base + GUEST_SIZE + random.nextInt(1 << 20));              // just past it
      case 4 -> random.nextInt();                                                 // anywhere
      case 5 -> (int) (struct + random.nextInt(4));                               // unaligned
      default -> (int) struct;
    };
  }

  /** Random struct bytes, with the members that steer deep copies set from their edges. */
  private static void fill(Random random, MemorySegment guest, long offset, int command, long base) {
    int length = 512;
    for (int i = 0; i < length; i += 8) {
      guest.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + i, random.nextInt(4) == 0 ? random.nextLong() : 0);
    }
    if (command == CompatIoctls.I386.FS_IOC_FIEMAP) {
      int[] counts = {0, 1, 4, 32, 1000, 18724, 18725, 1 << 24, 0x7fffffff, 0x80000000, -1, random.nextInt()};
      guest.set(ValueLayout.JAVA_INT_UNALIGNED, offset + 24, counts[random.nextInt(counts.length)]);   // fm_extent_count
      guest.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8, -1L);                                     // fm_length
    } else if (command == CompatIoctls.I386.SIOCGIFCONF) {
      // negative ones too, and those whose rescaling (x / 32 * 40) wraps an int
      int[] lengths = {-1, -32, -1717986919, -1717986920, Integer.MIN_VALUE, 0, 1, 31, 32, 33, 64, 1 << 20, 1 << 30,
          0x7fffffff, random.nextInt()};
      long[] buffers = {0, base + 8192, base + GUEST_SIZE - 16, base + GUEST_SIZE + 4096, 4, random.nextInt() & 0xffffffffL};
      guest.set(ValueLayout.JAVA_INT_UNALIGNED, offset, lengths[random.nextInt(lengths.length)]);       // ifc_len
      guest.set(ValueLayout.JAVA_INT_UNALIGNED, offset + 4, (int) buffers[random.nextInt(buffers.length)]); // ifc_buf
    }
  }
}
