package dev.compat32.runtime.ioctl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.generated.CompatIoctls;
import dev.compat32.runtime.generated.PerfEventAttr;
import dev.compat32.runtime.memory.GuestMemory;
import dev.compat32.runtime.memory.IdentityGuestMemory;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Can a guest make the kernel reach host memory? On both guest memory kinds a readable, writable
 * canary page filled with a pattern lies right after guest memory (past its no-access edge) and
 * another one away from it; guest ioctls aim pointers, opaque pointers and flexible arrays at the
 * last bytes of guest memory, at its end and at the canaries. Every canary must stay intact, and
 * every answer must be the kernel's own for that edge: the same host command with its buffer placed
 * at the last bytes before a no-access page of the test's own (or at such a page, for a pointer
 * outside guest memory), as an i386 process whose memory ends there would see it.
 */
class CanaryEscapeTest {
  private static final long PAGE = 4096;
  private static final long GUEST_SIZE = 64 * PAGE;
  private static final byte PATTERN = (byte) 0x5c;
  private static final MemorySegment STATE = LinuxNative.newCallState(Arena.global());
  private static final int ETHTOOL_GLINK = 0x0a;
  private static final int ETHTOOL_GET_TS_INFO = 0x41;
  private static final int FIEMAP_FLAG_SYNC = 1;

  @TempDir
  static Path work;

  private static int pty;
  private static int socket;
  private static int fragmented;
  /** A disabled task-clock counter: its filter and attribute commands read lengths only the kernel knows. */
  private static int perf;
  /** Two pages, the second no-access: the host side of every expected answer. */
  private static long hostEdge;

  @BeforeAll
  static void open() throws IOException {
    pty = LinuxNative.openPtyMaster();
    socket = LinuxNative.socket(LinuxNative.AF_INET, LinuxNative.SOCK_DGRAM, 0);
    // a file of 12 extents: one written block every other block
    Path data = work.resolve("fragmented.bin");
    try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
      for (int i = 0; i < 12; i++) {
        file.seek(i * 2 * PAGE);
        file.write(new byte[(int) PAGE]);
      }
    }
    fragmented = LinuxNative.open(data.toString(), LinuxNative.O_RDONLY, 0);
    hostEdge = LinuxNative.mmapAnonymous(STATE, 0, 2 * PAGE, LinuxNative.PROT_READ | LinuxNative.PROT_WRITE, LinuxNative.MAP_PRIVATE);
    assertThat(LinuxNative.mmapAnonymous(STATE, hostEdge + PAGE, PAGE, LinuxNative.PROT_NONE, LinuxNative.MAP_PRIVATE
        | LinuxNative.MAP_FIXED)).isEqualTo(hostEdge + PAGE);
    assertThat(List.of(pty, socket, fragmented)).allMatch(fd -> fd >= 0);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment attr = arena.allocate(PerfEventAttr.HOST_SIZE, 8);
      attr.set(JAVA_INT_UNALIGNED, PerfEventAttr.HOST_OFFSET_TYPE, 1);  // PERF_TYPE_SOFTWARE
      attr.set(JAVA_INT_UNALIGNED, PerfEventAttr.HOST_OFFSET_SIZE, (int) PerfEventAttr.HOST_SIZE);
      attr.set(JAVA_LONG_UNALIGNED, PerfEventAttr.HOST_OFFSET_CONFIG, 1);  // PERF_COUNT_SW_TASK_CLOCK
      attr.set(JAVA_LONG_UNALIGNED, PerfEventAttr.HOST_OFFSET_DISABLED, 1);
      perf = LinuxNative.perfEventOpen(attr, 0, -1, -1, 0);
    }
  }

  @AfterAll
  static void close() {
    LinuxNative.close(pty);
    LinuxNative.close(socket);
    LinuxNative.close(fragmented);
    LinuxNative.close(perf);
    LinuxNative.munmap(STATE, hostEdge, 2 * PAGE);
  }

  /** Guest memory of one kind, its end, and the canaries. */
  private record Layout(GuestMemory memory, long end, MemorySegment near, MemorySegment far, long farPointer, Runnable close) {
    /** Host view of guest bytes. */
    MemorySegment at(long guestAddress, long length) throws Exception {
      return memory.slice(guestAddress, length);
    }
  }

  private static MemorySegment canary(long address) {
    long mapped = LinuxNative.mmapAnonymous(STATE, address, PAGE, LinuxNative.PROT_READ | LinuxNative.PROT_WRITE,
        LinuxNative.MAP_PRIVATE | (address == 0 ? 0 : LinuxNative.MAP_FIXED_NOREPLACE));
    assumeTrue(mapped > 0 && (address == 0 || mapped == address), "no room for a canary page at 0x" + Long.toHexString(address));
    MemorySegment page = MemorySegment.ofAddress(mapped).reinterpret(PAGE);
    page.fill(PATTERN);
    return page;
  }

  private static Layout segmentLayout(Arena arena) {
    // a hole as large as guest memory, its no-access page and the canary: mmap fills the top of the hole it picks
    long hole = LinuxNative.mmapAnonymous(STATE, 0, GUEST_SIZE + 2 * PAGE, LinuxNative.PROT_NONE, LinuxNative.MAP_PRIVATE);
    LinuxNative.munmap(STATE, hole, GUEST_SIZE + 2 * PAGE);
    MemorySegment near = canary(hole + GUEST_SIZE + PAGE);
    SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, GUEST_SIZE);
    long hostEnd = memory.backing().address() + GUEST_SIZE;
    assumeTrue(hostEnd + PAGE == near.address(), String.format("the canary at 0x%x is not right after guest memory's"
        + " no-access page at 0x%x", near.address(), hostEnd));
    MemorySegment far = canary(0);
    long farOffset = far.address() - memory.backing().address();
    long farPointer = farOffset > 0 && farOffset < 1L << 32 ? farOffset : GUEST_SIZE + PAGE;
    return new Layout(memory, GUEST_SIZE, near, far, farPointer, () -> {
      LinuxNative.munmap(STATE, near.address(), PAGE);
      LinuxNative.munmap(STATE, far.address(), PAGE);
    });
  }

  private static Layout identityLayout() throws Exception {
    long window;
    try (IdentityGuestMemory probe = new IdentityGuestMemory()) {
      window = probe.allocate(GUEST_SIZE + 8 * PAGE);
    }
    // reserved: [window, window + GUEST_SIZE + 2 pages); its edge pages stay no-access
    IdentityGuestMemory memory = new IdentityGuestMemory(window, window + GUEST_SIZE + 2 * PAGE);
    long base = memory.allocate(GUEST_SIZE);
    MemorySegment near = canary(window + GUEST_SIZE + 2 * PAGE);  // the first page past the reservation
    MemorySegment far = canary(window + GUEST_SIZE + 6 * PAGE);
    return new Layout(memory, base + GUEST_SIZE, near, far, far.address(), () -> {
      memory.close();
      LinuxNative.munmap(STATE, near.address(), PAGE);
      LinuxNative.munmap(STATE, far.address(), PAGE);
    });
  }

  @Test
  void segmentGuestMemory() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      run(segmentLayout(arena));
    }
  }

  @Test
  void identityMappedGuestMemory() throws Exception {
    run(identityLayout());
  }

  /** The host buffer of an expected answer: the last {@code length} bytes before the test's no-access page, zeroed. */
  private static MemorySegment hostBytes(long length) {
    MemorySegment bytes = MemorySegment.ofAddress(hostEdge + PAGE - length).reinterpret(length);
    bytes.fill((byte) 0);
    return bytes;
  }

  private static long hostNoAccess() {
    return hostEdge + PAGE;
  }

  private void run(Layout layout) throws Exception {
    IoctlDispatcher dispatcher = new IoctlDispatcher(CompatIoctlTable.INSTANCE, layout.memory());
    long end = layout.end();
    List<String> cases = new ArrayList<>();
    SoftAssertions softly = new SoftAssertions();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment hostIfreq = arena.allocate(40, 8);
      long ifreq = end - 2 * PAGE;  // the guest's struct ifreq, well inside guest memory

      // TIOCGWINSZ writes 8 bytes where its argument points
      for (long back : new long[] {8, 4, 0}) {
        int result = dispatcher.ioctl(pty, CompatIoctls.I386.TIOCGWINSZ, (int) (end - back));
        int expected = LinuxNative.ioctl(STATE, pty, CompatIoctls.X8664.TIOCGWINSZ, back == 0 ? hostNoAccess() : hostBytes(back).address());
        check(softly, cases, "TIOCGWINSZ at end-" + back, result, expected);
      }
      check(softly, cases, "TIOCGWINSZ at the far canary", dispatcher.ioctl(pty, CompatIoctls.I386.TIOCGWINSZ, (int) layout.farPointer()),
          LinuxNative.ioctl(STATE, pty, CompatIoctls.X8664.TIOCGWINSZ, hostNoAccess()));

      // SIOCETHTOOL: ifr_data is opaque, the kernel reads the command there and writes its answer
      record Ethtool(int command, long back) {}
      for (Ethtool e : List.of(new Ethtool(ETHTOOL_GLINK, 8), new Ethtool(ETHTOOL_GLINK, 4), new Ethtool(ETHTOOL_GET_TS_INFO, 44),
          new Ethtool(ETHTOOL_GET_TS_INFO, 20), new Ethtool(ETHTOOL_GET_TS_INFO, 4))) {
        MemorySegment guestIfreq = layout.at(ifreq, 32);
        guestIfreq.fill((byte) 0);
        guestIfreq.setString(0, "lo");
        guestIfreq.set(JAVA_INT_UNALIGNED, 16, (int) (end - e.back()));
        layout.at(end - e.back(), e.back()).fill((byte) 0);
        layout.at(end - e.back(), 4).set(JAVA_INT_UNALIGNED, 0, e.command());
        int result = dispatcher.ioctl(socket, CompatIoctls.I386.SIOCETHTOOL, (int) ifreq);
        MemorySegment data = hostBytes(e.back());
        data.set(JAVA_INT_UNALIGNED, 0, e.command());
        hostIfreq.fill((byte) 0);
        hostIfreq.setString(0, "lo");
        hostIfreq.set(JAVA_LONG_UNALIGNED, 16, data.address());
        int expected = LinuxNative.ioctl(STATE, socket, CompatIoctls.X8664.SIOCETHTOOL, hostIfreq.address());
        check(softly, cases, "SIOCETHTOOL 0x" + Integer.toHexString(e.command()) + " with ifr_data at end-" + e.back(), result, expected);
        if (expected >= 0) {
          softly.assertThat(layout.at(end - e.back(), e.back()).toArray(JAVA_BYTE)).as("what the kernel wrote")
              .containsExactly(data.toArray(JAVA_BYTE));
        }
      }
      for (long pointer : new long[] {end, layout.farPointer()}) {
        MemorySegment guestIfreq = layout.at(ifreq, 32);
        guestIfreq.set(JAVA_INT_UNALIGNED, 16, (int) pointer);
        hostIfreq.set(JAVA_LONG_UNALIGNED, 16, hostNoAccess());
        check(softly, cases, "SIOCETHTOOL with ifr_data 0x" + Long.toHexString(pointer) + (pointer == end ? " (the end)" : " (far canary)"),
            dispatcher.ioctl(socket, CompatIoctls.I386.SIOCETHTOOL, (int) ifreq),
            LinuxNative.ioctl(STATE, socket, CompatIoctls.X8664.SIOCETHTOOL, hostIfreq.address()));
      }

      // FS_IOC_FIEMAP: room for 2 extents before the end, a count of 100, a file of 12 extents
      for (int room : new int[] {2, 12}) {
        long size = 32 + room * 56L;
        MemorySegment guestFiemap = layout.at(end - size, size);
        guestFiemap.fill((byte) 0);
        guestFiemap.set(JAVA_LONG_UNALIGNED, 8, -1L);
        guestFiemap.set(JAVA_INT_UNALIGNED, 16, FIEMAP_FLAG_SYNC);
        guestFiemap.set(JAVA_INT_UNALIGNED, 24, room == 2 ? 100 : room);
        int result = dispatcher.ioctl(fragmented, CompatIoctls.I386.FS_IOC_FIEMAP, (int) (end - size));
        MemorySegment host = hostBytes(size);
        host.set(JAVA_LONG_UNALIGNED, 8, -1L);
        host.set(JAVA_INT_UNALIGNED, 16, FIEMAP_FLAG_SYNC);
        host.set(JAVA_INT_UNALIGNED, 24, room == 2 ? 100 : room);
        int expected = LinuxNative.ioctl(STATE, fragmented, CompatIoctls.X8664.FS_IOC_FIEMAP, host.address());
        check(softly, cases, "FS_IOC_FIEMAP count " + (room == 2 ? 100 : room) + " with room for " + room + " extents", result, expected);
        softly.assertThat(guestFiemap.get(JAVA_INT_UNALIGNED, 20)).as("fm_mapped_extents").isEqualTo(host.get(JAVA_INT_UNALIGNED, 20));
      }

      // SIOCGIFCONF with negative lengths: the kernel writes nothing and answers 0
      // (-1717986920 and INT_MIN once wrapped positive when rescaled to 40-byte entries: now clamped)
      for (int length : new int[] {-1, -32, -1717986919, -1717986920, Integer.MIN_VALUE}) {
        MemorySegment guestIfconf = layout.at(ifreq, 8);
        guestIfconf.set(JAVA_INT_UNALIGNED, 0, length);
        guestIfconf.set(JAVA_INT_UNALIGNED, 4, (int) (end - 64));
        hostBytes(80);  // the host buffer: 80 bytes before the no-access page; the header at the page's start
        MemorySegment host = MemorySegment.ofAddress(hostEdge).reinterpret(16);
        host.set(JAVA_INT_UNALIGNED, 0, length);
        host.set(JAVA_LONG_UNALIGNED, 8, hostEdge + PAGE - 80);
        int expected = LinuxNative.ioctl(STATE, socket, CompatIoctls.X8664.SIOCGIFCONF, host.address());
        check(softly, cases, "SIOCGIFCONF ifc_len " + length, dispatcher.ioctl(socket, CompatIoctls.I386.SIOCGIFCONF, (int) ifreq), expected);
        softly.assertThat(guestIfconf.get(JAVA_INT_UNALIGNED, 0)).as("ifc_len after " + length).isEqualTo(host.get(JAVA_INT_UNALIGNED, 0));
      }
      // a huge ifc_len with room for two entries before the end: the kernel writes what there is and
      // faults only if there is more; the host buffer has room for the same two (40-byte) entries
      {
        MemorySegment guestIfconf = layout.at(ifreq, 8);
        guestIfconf.set(JAVA_INT_UNALIGNED, 0, Integer.MAX_VALUE);
        guestIfconf.set(JAVA_INT_UNALIGNED, 4, (int) (end - 64));
        hostBytes(80);
        MemorySegment host = MemorySegment.ofAddress(hostEdge).reinterpret(16);
        host.set(JAVA_INT_UNALIGNED, 0, Integer.MAX_VALUE);
        host.set(JAVA_LONG_UNALIGNED, 8, hostEdge + PAGE - 80);
        int expected = LinuxNative.ioctl(STATE, socket, CompatIoctls.X8664.SIOCGIFCONF, host.address());
        check(softly, cases, "SIOCGIFCONF ifc_len 0x7fffffff, room for 2 entries", dispatcher.ioctl(socket, CompatIoctls.I386.SIOCGIFCONF,
            (int) ifreq), expected);
        if (expected == 0) {
          softly.assertThat(guestIfconf.get(JAVA_INT_UNALIGNED, 0)).as("ifc_len after 0x7fffffff")
              .isEqualTo(host.get(JAVA_INT_UNALIGNED, 0) / 40 * 32);
        }
      }

      // passthrough pointers the kernel reads past their declared size: a filter string, attr.size bytes
      if (perf >= 0) {
        for (String filter : new String[] {"a".repeat(16), "x\0"}) {
          byte[] bytes = filter.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          MemorySegment.copy(bytes, 0, layout.at(end - bytes.length, bytes.length), JAVA_BYTE, 0, bytes.length);
          MemorySegment host = hostBytes(bytes.length);
          MemorySegment.copy(bytes, 0, host, JAVA_BYTE, 0, bytes.length);
          check(softly, cases, "PERF_EVENT_IOC_SET_FILTER, " + bytes.length + " bytes before the end" + (filter.endsWith("\0")
              ? ", terminated" : ", unterminated"), dispatcher.ioctl(perf, CompatIoctls.I386.PERF_EVENT_IOC_SET_FILTER,
              (int) (end - bytes.length)), LinuxNative.ioctl(STATE, perf, CompatIoctls.X8664.PERF_EVENT_IOC_SET_FILTER, host.address()));
        }
        for (int size : new int[] {128, 4096}) {
          MemorySegment attr = layout.at(end - 128, 128);
          attr.fill((byte) 0);
          attr.set(JAVA_INT_UNALIGNED, 4, size);  // attr.size: the kernel reads that many bytes
          MemorySegment host = hostBytes(128);
          host.set(JAVA_INT_UNALIGNED, 4, size);
          check(softly, cases, "PERF_EVENT_IOC_MODIFY_ATTRIBUTES at end-128, attr.size " + size,
              dispatcher.ioctl(perf, CompatIoctls.I386.PERF_EVENT_IOC_MODIFY_ATTRIBUTES, (int) (end - 128)),
              LinuxNative.ioctl(STATE, perf, CompatIoctls.X8664.PERF_EVENT_IOC_MODIFY_ATTRIBUTES, host.address()));
        }
      }
    } finally {
      for (MemorySegment canary : List.of(layout.near(), layout.far())) {
        softly.assertThat(canary.toArray(JAVA_BYTE)).as("canary at 0x%x", canary.address()).containsOnly(PATTERN);
      }
      softly.assertThat(dispatcher.failures()).as("calls that failed inside compat32").isZero();
      layout.close().run();
    }
    cases.forEach(System.out::println);
    softly.assertAll();
  }

  private static void check(SoftAssertions softly, List<String> cases, String name, int result, int expected) {
    cases.add(String.format("  %-68s compat32 %4d, kernel at the edge %4d", name, result, expected));
    softly.assertThat(result).as(name).isEqualTo(expected);
  }
}
