package dev.compat32.runtime.memory;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
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
 * The identity-mapped allocator against a process whose low 4 GiB also holds other mappings: tests
 * map "foreign" pages with plain {@code mmap} before the allocator reserves its range, as the JVM
 * does, and check that they are reported and never handed out, that guest pages border only guest
 * or no-access pages, and that freed pages stay reserved. What the kernel can reach is asked of the
 * kernel: {@code FIONREAD} writes 4 bytes at the address it is given, or answers EFAULT.
 */
class IdentityGuestMemoryTest {
  private static final long PAGE = IdentityGuestMemory.PAGE;
  private static final int PAGES = 10;
  private static final long FIONREAD = 0x541B;
  private final MemorySegment state = LinuxNative.newCallState(Arena.ofAuto());
  /** A window of {@link #PAGES} pages that nothing maps when the test starts. */
  private long window;
  private IdentityGuestMemory memory;
  private int[] pipe;

  @BeforeEach
  void findAFreeWindow() throws Exception {
    try (IdentityGuestMemory probe = new IdentityGuestMemory()) {
      window = probe.allocate(PAGES * PAGE);
    }
    pipe = LinuxNative.pipe();
  }

  @AfterEach
  void unmapEverything() {
    if (memory != null) {
      memory.close();
    }
    LinuxNative.munmap(state, window, PAGES * PAGE);  // the foreign pages
    LinuxNative.close(pipe[0]);
    LinuxNative.close(pipe[1]);
  }

  private IdentityGuestMemory memory() {
    memory = new IdentityGuestMemory(window, window + PAGES * PAGE);
    return memory;
  }

  private void mapForeign(long page) {
    long at = window + page * PAGE;
    assertThat(LinuxNative.mmapAnonymous(state, at, PAGE, LinuxNative.PROT_READ | LinuxNative.PROT_WRITE,
        LinuxNative.MAP_PRIVATE | LinuxNative.MAP_FIXED_NOREPLACE)).isEqualTo(at);
  }

  /** What the kernel answers when it writes 4 bytes at {@code address}. */
  private int kernelWritesAt(long address) {
    return LinuxNative.ioctl(state, pipe[0], FIONREAD, address);
  }

  @Test
  void allocatesZeroedWritablePagesBelow4GiBWhereGuestAndHostAddressesAreOne() throws Exception {
    long a = memory().allocate(100);
    assertThat(a).as("the window's first page stays a no-access edge").isEqualTo(window + PAGE).isLessThan(1L << 32);
    MemorySegment bytes = memory.slice(a, PAGE);
    assertThat(bytes.address()).isEqualTo(a);
    assertThat(bytes.toArray(JAVA_BYTE)).containsOnly(0);
    bytes.set(JAVA_LONG, 8, 0x1122334455667788L);
    assertThat(MemorySegment.ofAddress(a + 8).reinterpret(8).get(JAVA_LONG, 0)).isEqualTo(0x1122334455667788L);
    assertThat(memory.toHost(a + 8)).isEqualTo(a + 8);
    assertThat(memory.toGuest(a + 8)).isEqualTo(a + 8);
    assertThat(memory.allocate(PAGE + 1)).as("the next allocation goes forward").isEqualTo(window + 2 * PAGE);
    assertThat(memory.foreignMappings()).isEmpty();
  }

  @Test
  void foreignPagesAreReportedNeverHandedOutAndGuestPagesNeverBorderThem() throws Exception {
    mapForeign(3);
    memory();
    assertThat(memory.foreignMappings()).singleElement().satisfies(m -> {
      assertThat(m.start()).isEqualTo(window + 3 * PAGE);
      assertThat(m.end()).isEqualTo(window + 4 * PAGE);
      assertThat(m.permissions()).isEqualTo("rw-p");
    });
    // reserved: pages 0-2 and 4-9; the pages at their edges (0, 2, 4, 9) are never guest memory
    assertThat(memory.allocate(PAGE)).isEqualTo(window + PAGE);
    assertThat(memory.allocate(2 * PAGE)).as("page 2 borders the foreign page").isEqualTo(window + 5 * PAGE);
    assertThat(memory.collisions()).isZero();
    assertThat(memory.contains(window + 3 * PAGE, 1)).as("the foreign page is not guest memory").isFalse();
    assertThatThrownBy(() -> memory.slice(window + 3 * PAGE, 16)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT));
    assertThatThrownBy(() -> memory.slice(window + 2 * PAGE - 8, 16)).as("a range running off the end of guest memory")
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT));
    assertThat(kernelWritesAt(window + 2 * PAGE - 4)).as("the last bytes of guest memory").isZero();
    assertThat(kernelWritesAt(window + 2 * PAGE)).as("the page after guest memory").isEqualTo(-Errno.EFAULT);
    assertThat(kernelWritesAt(window + 4 * PAGE)).as("the page after the foreign one").isEqualTo(-Errno.EFAULT);
    assertThat(kernelWritesAt(window)).as("the page before guest memory").isEqualTo(-Errno.EFAULT);
  }

  @Test
  void aRunSkipsPastAForeignPageInTheMiddle() throws Exception {
    mapForeign(3);
    assertThat(memory().allocate(4 * PAGE)).isEqualTo(window + 5 * PAGE);
    assertThat(memory.collisions()).isZero();
  }

  @Test
  void freedPagesGoBackToTheReservationNotToTheSystem() throws Exception {
    long a = memory().allocate(PAGE);
    memory.slice(a, 8).set(JAVA_LONG, 0, -1L);
    memory.free(a, PAGE);
    assertThat(memory.contains(a, 1)).isFalse();
    assertThat(kernelWritesAt(a)).as("a freed page is no-access").isEqualTo(-Errno.EFAULT);
    assertThat(LinuxNative.mmapAnonymous(state, a, PAGE, LinuxNative.PROT_READ, LinuxNative.MAP_PRIVATE
        | LinuxNative.MAP_FIXED_NOREPLACE)).as("still held: nothing else is placed there").isEqualTo(-Errno.EEXIST);
    long b = memory.allocate(8 * PAGE);
    assertThat(b).as("wraps around to the freed page").isEqualTo(a);
    assertThat(memory.slice(b, 8).get(JAVA_LONG, 0)).as("its old contents are gone").isZero();
  }

  @Test
  void wrapsAroundToFreedPagesAndFailsWithEnomemWhenNothingIsLeft() throws Exception {
    memory();
    long[] pages = new long[8];
    for (int i = 0; i < pages.length; i++) {
      pages[i] = memory.allocate(PAGE);
    }
    assertThat(pages[0]).isEqualTo(window + PAGE);
    assertThat(pages[7]).isEqualTo(window + 8 * PAGE);
    memory.free(pages[2], PAGE);
    assertThat(memory.allocate(PAGE)).as("wrapped to the freed one").isEqualTo(pages[2]);
    assertThatThrownBy(() -> memory.allocate(PAGE)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
  }

  @Test
  void aForeignMappingThatGoesAwayIsReservedAgainOnRequest() throws Exception {
    mapForeign(3);
    memory();
    LinuxNative.munmap(state, window + 3 * PAGE, PAGE);
    assertThat(memory.reserveFreeRanges()).isEqualTo(1);
    assertThat(memory.foreignMappings()).isEmpty();
    assertThat(memory.allocate(8 * PAGE)).as("pages 1 to 8 are one run again").isEqualTo(window + PAGE);
  }

  @Test
  void freeRejectsWhatItDidNotAllocate() throws Exception {
    long a = memory().allocate(PAGE);
    assertThatThrownBy(() -> memory.free(a + PAGE, PAGE)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    assertThatThrownBy(() -> memory.allocate(0)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
  }

  @Test
  void boundsAreExactAtEveryEdge() throws Exception {
    long a = memory().allocate(8 * PAGE);
    long end = a + 8 * PAGE;
    assertThat(memory.toHost(0)).isZero();
    for (long address : new long[] {1, window, window - 1, end, window + PAGES * PAGE, 0xfffff000L, 1L << 32, -1}) {
      assertThat(memory.contains(address, 1)).as("0x%x", address).isFalse();
    }
    assertThat(memory.contains(end - 1, 1)).isTrue();
    assertThat(memory.contains(end, 0)).as("an empty range right after guest memory").isTrue();
    assertThat(memory.contains(end + 1, 0)).isFalse();
    assertThat(memory.contains(a, -1)).as("a negative length").isFalse();
    assertThat(memory.contains(a, Long.MAX_VALUE)).as("address + length overflows").isFalse();
    assertThat(memory.contains(end - 8, 9)).isFalse();
    assertThat(memory.available(a + 5)).isEqualTo(8 * PAGE - 5);
    assertThat(memory.available(end)).isZero();
    assertThatThrownBy(() -> memory.toHost(end)).as("a pointer equal to the end").isInstanceOf(ConversionException.class);
    assertThatThrownBy(() -> memory.slice(a, -1)).isInstanceOf(ConversionException.class);
  }

  @Test
  void crossingAGigabyteOfForeignMappingsTakesNoFailedPlacements() throws Exception {
    long gigabyte = 1L << 30;
    long base;
    try (IdentityGuestMemory probe = new IdentityGuestMemory()) {
      base = probe.allocate(gigabyte + 16 * PAGE);
    }
    // a stand-in for the JVM's class space: a gigabyte reserved with no access
    long foreign = base + 4 * PAGE;
    assertThat(LinuxNative.mmapAnonymous(state, foreign, gigabyte, LinuxNative.PROT_NONE, LinuxNative.MAP_PRIVATE
        | LinuxNative.MAP_FIXED_NOREPLACE | LinuxNative.MAP_NORESERVE)).isEqualTo(foreign);
    try (IdentityGuestMemory wide = new IdentityGuestMemory(base, base + gigabyte + 16 * PAGE)) {
      assertThat(wide.allocate(2 * PAGE)).isEqualTo(base + PAGE);
      assertThat(wide.allocate(2 * PAGE)).as("past the gigabyte").isEqualTo(foreign + gigabyte + PAGE);
      assertThat(wide.collisions()).isZero();
      assertThat(wide.foreignMappings()).singleElement().satisfies(m -> assertThat(m.end() - m.start()).isEqualTo(gigabyte));
    } finally {
      LinuxNative.munmap(state, foreign, gigabyte);
    }
  }

  @Test
  void strictModeRefusesToStartWhileAnythingForeignIsBelow4GiB() throws Exception {
    mapForeign(3);
    assertThatThrownBy(IdentityGuestMemory::strict).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("0x%x-0x%x", window + 3 * PAGE, window + 4 * PAGE)
        .hasMessageContaining("-XX:HeapBaseMinAddress=0x100000000");
    memory();
    assertThat(memory.allocate(PAGE)).as("the refused instance gave its reservation back").isEqualTo(window + PAGE);
  }
}
