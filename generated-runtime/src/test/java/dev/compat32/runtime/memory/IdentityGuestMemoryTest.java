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
 * The identity-mapped allocator against a process whose low 4 GiB also holds other mappings: each
 * test maps "foreign" pages with plain {@code mmap} behind the allocator's back, as the kernel or an
 * ioctl would, and checks that the allocator steps over them, wraps, and never hands them out.
 */
class IdentityGuestMemoryTest {
  private static final long PAGE = IdentityGuestMemory.PAGE;
  private final MemorySegment state = LinuxNative.newCallState(Arena.ofAuto());
  /** A window of 8 pages that nothing maps when the test starts. */
  private long window;
  private IdentityGuestMemory memory;

  @BeforeEach
  void findAFreeWindow() throws Exception {
    try (IdentityGuestMemory probe = new IdentityGuestMemory()) {
      window = probe.allocate(8 * PAGE);
    }
    memory = new IdentityGuestMemory(window, window + 8 * PAGE);
  }

  @AfterEach
  void unmapEverything() {
    memory.close();
    LinuxNative.munmap(state, window, 8 * PAGE);  // the foreign pages
  }

  private void mapForeign(long page) {
    long at = window + page * PAGE;
    assertThat(LinuxNative.mmapAnonymous(state, at, PAGE, LinuxNative.PROT_READ, LinuxNative.MAP_PRIVATE
        | LinuxNative.MAP_FIXED_NOREPLACE)).isEqualTo(at);
  }

  @Test
  void allocatesZeroedWritablePagesBelow4GiBWhereGuestAndHostAddressesAreOne() throws Exception {
    long a = memory.allocate(100);
    assertThat(a).isEqualTo(window).isLessThan(1L << 32);
    MemorySegment bytes = memory.slice(a, PAGE);
    assertThat(bytes.address()).isEqualTo(a);
    assertThat(bytes.toArray(JAVA_BYTE)).containsOnly(0);
    bytes.set(JAVA_LONG, 8, 0x1122334455667788L);
    assertThat(MemorySegment.ofAddress(a + 8).reinterpret(8).get(JAVA_LONG, 0)).isEqualTo(0x1122334455667788L);
    assertThat(memory.toHost(a + 8)).isEqualTo(a + 8);
    assertThat(memory.toGuest(a + 8)).isEqualTo(a + 8);
    assertThat(memory.allocate(PAGE + 1)).as("the next allocation goes forward").isEqualTo(window + PAGE);
  }

  @Test
  void stepsOverAPageMappedBehindItsBack() throws Exception {
    mapForeign(0);
    long a = memory.allocate(PAGE);
    assertThat(a).isEqualTo(window + PAGE);
    assertThat(memory.collisions()).isEqualTo(1);
    assertThat(memory.contains(window, 1)).as("the foreign page is not guest memory").isFalse();
    assertThatThrownBy(() -> memory.slice(window, 16)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT));
    assertThatThrownBy(() -> memory.slice(a + PAGE - 8, 16)).as("a range running off the end of guest memory")
        .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFAULT));
  }

  @Test
  void aRunSkipsPastAForeignPageInTheMiddle() throws Exception {
    mapForeign(2);
    assertThat(memory.allocate(4 * PAGE)).isEqualTo(window + 3 * PAGE);
    assertThat(memory.collisions()).isEqualTo(3);  // tried at pages 0, 1 and 2
  }

  @Test
  void wrapsAroundToFreedPagesAndFailsWithEnomemWhenNothingIsLeft() throws Exception {
    mapForeign(0);
    long[] pages = new long[7];
    for (int i = 0; i < 7; i++) {
      pages[i] = memory.allocate(PAGE);
    }
    assertThat(pages).containsExactly(window + PAGE, window + 2 * PAGE, window + 3 * PAGE, window + 4 * PAGE,
        window + 5 * PAGE, window + 6 * PAGE, window + 7 * PAGE);
    memory.free(pages[2], PAGE);
    assertThat(memory.contains(pages[2], 1)).isFalse();
    assertThat(memory.allocate(PAGE)).as("wrapped past the foreign page to the freed one").isEqualTo(pages[2]);
    assertThatThrownBy(() -> memory.allocate(PAGE)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
    // a page freed behind the allocator's back becomes usable again
    LinuxNative.munmap(state, window, PAGE);
    assertThat(memory.allocate(PAGE)).isEqualTo(window);
  }

  @Test
  void freeRejectsWhatItDidNotAllocate() throws Exception {
    long a = memory.allocate(PAGE);
    assertThatThrownBy(() -> memory.free(a + PAGE, PAGE)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    assertThatThrownBy(() -> memory.allocate(0)).isInstanceOfSatisfying(ConversionException.class,
        e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
  }

  @Test
  void nullAndAddressesOutsideItsRangeAreNeverGuestMemory() throws Exception {
    memory.allocate(8 * PAGE);
    assertThat(memory.toHost(0)).isZero();
    for (long address : new long[] {1, window - 1, window + 8 * PAGE, 0xfffff000L, 1L << 32, -1}) {
      assertThat(memory.contains(address, 1)).as("0x%x", address).isFalse();
    }
    assertThatThrownBy(() -> memory.toHost(window + 8 * PAGE)).isInstanceOf(ConversionException.class);
  }
}
