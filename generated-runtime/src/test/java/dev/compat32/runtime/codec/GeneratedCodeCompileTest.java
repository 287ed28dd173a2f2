package dev.compat32.runtime.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.runtime.Errno;
import dev.compat32.runtime.ioctl.IoctlEntry;
import dev.compat32.runtime.ioctl.IoctlTable;
import dev.compat32.runtime.memory.NoAccessPage;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.testing.InProcessGeneration;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emitters end to end, in process: a spec written here is generated with the generator
 * library, compiled with {@code javax.tools} against this runtime, loaded, and run. Offsets below
 * are the C rules worked by hand for this struct (i386: long and pointers 4 bytes, 4-aligned;
 * x86_64: 8 and 8), so the test does not take them from the generator it checks; the spec itself is
 * checked against {@code gcc -m32} and {@code gcc -m64} on the same struct in a C header.
 */
class GeneratedCodeCompileTest {
  private static final String PACKAGE = "probe.generated";
  private static final String HEADER = """
      #include <linux/time_types.h>
      #include <linux/types.h>
      struct probe_item { long id; char tag[4]; };
      struct probe {
        long s;
        unsigned long u;
        struct __kernel_old_timeval ts;
        __u32 kind;
        union { __u16 word; long wide; } v;
        __u32 n;
        struct probe_item *items;
        __u32 low : 3;
        int high : 5;
      };
      #define PROBE_GET _IOWR('P', 1, struct probe)
      #define PROBE_RESET _IO('P', 2)
      """;
  private static final String SPEC = """
      headers: [probe.h]
      structs:
        probe_item:
          fields:
            - {name: id, type: long}
            - {name: tag, type: "char[4]"}
        probe:
          fields:
            - {name: s, type: long}
            - {name: u, type: unsigned long, narrowing: eoverflow}
            - {name: ts, type: __kernel_old_timeval}
            - {name: kind, type: __u32}
            - name: v
              select: {field: kind, cases: {1: word, 2: wide}}
              union:
                - {name: word, type: __u16}
                - {name: wide, type: long}
            - {name: n, type: __u32}
            - {name: items, type: "probe_item *", count: n}
            - {name: low, type: __u32, bits: 3}
            - {name: high, type: int, bits: 5}
      ioctls:
        PROBE_GET: {dir: rw, type: 'P', nr: 1, arg: probe}
        PROBE_RESET: {dir: none, type: 'P', nr: 2}
      """;

  @TempDir
  static Path work;

  private static InProcessGeneration generation;
  private static ClassLoader loader;
  private static List<Path> generated;
  private static LayoutSet layouts;

  @BeforeAll
  static void generateAndCompile() throws Exception {
    generation = InProcessGeneration.of(work, "probe", HEADER, SPEC, PACKAGE);
    generated = generation.generated();
    layouts = generation.layouts();
    loader = generation.loader();
  }

  @Test
  void theSpecAgreesWithTheCompilersOnTheHeader() throws Exception {
    assertThat(generation.checkAgainstTheCompilers(List.of("i386", "x86_64")))
        .as("sizes, offsets and ioctl numbers compared on each ABI").allSatisfy(n -> assertThat(n).isGreaterThan(20));
  }

  @Test
  void generatesOneClassPerStructAndReusesTheBundledNestedCodec() throws Exception {
    assertThat(generated).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("Probe.java", "ProbeItem.java", "CompatIoctls.java", "CompatIoctlTable.java");
    String probe = Files.readString(generated.stream().filter(p -> p.endsWith("Probe.java")).findFirst().orElseThrow());
    assertThat(probe).contains("import dev.compat32.runtime.generated.KernelOldTimeval;").doesNotContain("class KernelOldTimeval");
    assertThat(constant("Probe", "GUEST_SIZE")).isEqualTo(36L);
    assertThat(constant("Probe", "HOST_SIZE")).isEqualTo(72L);
  }

  @Test
  void toHostExtendsEachMemberAsItsTypeSaysAndDeepCopiesTheItems() throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 16);
      MemorySegment guest = memory.backing();
      long g = 0x1000;
      long items = 0x2000;
      guest.set(JAVA_INT_UNALIGNED, g, -2);                 // s
      guest.set(JAVA_INT_UNALIGNED, g + 4, 0xfffffffe);     // u
      guest.set(JAVA_INT_UNALIGNED, g + 8, -5);             // ts.tv_sec
      guest.set(JAVA_INT_UNALIGNED, g + 12, 7);             // ts.tv_usec
      guest.set(JAVA_INT_UNALIGNED, g + 16, 2);             // kind: wide is live
      guest.set(JAVA_INT_UNALIGNED, g + 20, -3);            // v.wide
      guest.set(JAVA_INT_UNALIGNED, g + 24, 2);             // n
      guest.set(JAVA_INT_UNALIGNED, g + 28, (int) items);   // items
      guest.set(JAVA_INT_UNALIGNED, g + 32, 0b10110_101);   // high = -10, low = 5
      guest.set(JAVA_INT_UNALIGNED, items, -9);             // items[0].id
      guest.asSlice(items + 4, 4).copyFrom(MemorySegment.ofArray("abc\0".getBytes()));
      guest.set(JAVA_INT_UNALIGNED, items + 8, 0x7fffffff); // items[1].id
      guest.asSlice(items + 12, 4).copyFrom(MemorySegment.ofArray("xyz\0".getBytes()));

      ConversionContext ctx = new ConversionContext(memory);
      MemorySegment host = arena.allocate(72, 8);
      toHost("Probe").invoke(ctx, guest, g, host, 0L);

      assertThat(host.get(JAVA_LONG_UNALIGNED, 0)).isEqualTo(-2L);
      assertThat(host.get(JAVA_LONG_UNALIGNED, 8)).isEqualTo(0xfffffffeL);
      assertThat(host.get(JAVA_LONG_UNALIGNED, 16)).isEqualTo(-5L);
      assertThat(host.get(JAVA_LONG_UNALIGNED, 24)).isEqualTo(7L);
      assertThat(host.get(JAVA_INT_UNALIGNED, 32)).isEqualTo(2);
      assertThat(host.get(JAVA_LONG_UNALIGNED, 40)).as("the live member, sign-extended").isEqualTo(-3L);
      assertThat(host.get(JAVA_INT_UNALIGNED, 48)).isEqualTo(2);
      assertThat(host.get(JAVA_INT_UNALIGNED, 64) & 0xff).isEqualTo(0b10110_101);
      long copy = host.get(JAVA_LONG_UNALIGNED, 56);
      assertThat(copy).as("a host copy of the items, not the guest's").isNotZero().isNotEqualTo(guest.address() + items);
      MemorySegment hostItems = MemorySegment.ofAddress(copy).reinterpret(32);
      assertThat(hostItems.get(JAVA_LONG_UNALIGNED, 0)).isEqualTo(-9L);
      assertThat(hostItems.asSlice(8, 4).toArray(JAVA_BYTE)).isEqualTo("abc\0".getBytes());
      assertThat(hostItems.get(JAVA_LONG_UNALIGNED, 16)).isEqualTo(0x7fffffffL);
      assertThat(hostItems.asSlice(24, 4).toArray(JAVA_BYTE)).isEqualTo("xyz\0".getBytes());

      // the kernel changes an item; toGuest carries it back into the guest's own array
      hostItems.set(JAVA_LONG_UNALIGNED, 16, -1L);
      host.set(JAVA_LONG_UNALIGNED, 0, (1L << 33) + 5);   // s: truncates, the spec asks no check
      toGuest("Probe").invoke(ctx, host, 0L, guest, g);
      assertThat(guest.get(JAVA_INT_UNALIGNED, items + 8)).isEqualTo(-1);
      assertThat(guest.get(JAVA_INT_UNALIGNED, g)).isEqualTo(5);
      assertThat(Integer.toUnsignedLong(guest.get(JAVA_INT_UNALIGNED, g + 28))).as("the guest pointer stays").isEqualTo(items);
    }
  }

  @Test
  void toGuestFailsWithEoverflowExactlyWhenTheValueDoesNotFit() throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 16);
      ConversionContext ctx = new ConversionContext(memory);
      MemorySegment host = arena.allocate(72, 8);
      host.set(JAVA_LONG_UNALIGNED, 8, 0xffffffffL);
      toGuest("Probe").invoke(ctx, host, 0L, memory.backing(), 0x1000L);
      assertThat(memory.backing().get(JAVA_INT_UNALIGNED, 0x1004)).isEqualTo(-1);

      host.set(JAVA_LONG_UNALIGNED, 8, 1L << 32);
      assertThatThrownBy(() -> toGuest("Probe").invoke(ctx, host, 0L, memory.backing(), 0x1000L))
          .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW))
          .hasMessageContaining("probe.u");
    }
  }

  @Test
  void aBadItemsPointerBecomesAPointerTheKernelFaultsOn() throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 16);
      memory.backing().set(JAVA_INT_UNALIGNED, 24, 1);                  // n
      memory.backing().set(JAVA_INT_UNALIGNED, 28, 0x10000 + 0x1000);   // items: past the end of guest memory
      MemorySegment host = arena.allocate(72, 8);
      toHost("Probe").invoke(new ConversionContext(memory), memory.backing(), 0L, host, 0L);
      assertThat(host.get(JAVA_LONG_UNALIGNED, 56)).isEqualTo(NoAccessPage.ADDRESS);
      // and nothing is copied back through it
      toGuest("Probe").invoke(new ConversionContext(memory), host, 0L, memory.backing(), 0L);
      assertThat(memory.backing().get(JAVA_INT_UNALIGNED, 28)).isEqualTo(0x11000);
    }
  }

  @Test
  void itemsRunningPastGuestMemoryBecomeAHostCopyOfThoseInItEndingAtANoAccessPage() throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 16);
      memory.backing().set(JAVA_INT_UNALIGNED, 24, 1000);               // n
      memory.backing().set(JAVA_INT_UNALIGNED, 28, 0xfff0);             // items: two 8-byte items lie in guest memory
      memory.backing().set(JAVA_INT_UNALIGNED, 0xfff0, -3);             // items[0].id
      memory.backing().set(JAVA_INT_UNALIGNED, 0xfff8, -4);             // items[1].id
      MemorySegment host = arena.allocate(72, 8);
      ConversionContext ctx = new ConversionContext(memory);
      toHost("Probe").invoke(ctx, memory.backing(), 0L, host, 0L);
      long items = host.get(JAVA_LONG_UNALIGNED, 56);
      assertThat(ctx.hostAvailable(items)).as("the two 16-byte host items, then the no-access page").isEqualTo(32);
      assertThat(ctx.hostBuffer(items, 32).get(JAVA_LONG_UNALIGNED, 0)).isEqualTo(-3L);
      assertThat(ctx.hostBuffer(items, 32).get(JAVA_LONG_UNALIGNED, 16)).isEqualTo(-4L);
      // the kernel's answer comes back for the items that are there, not past them
      ctx.hostBuffer(items, 32).set(JAVA_LONG_UNALIGNED, 16, -9L);
      toGuest("Probe").invoke(ctx, host, 0L, memory.backing(), 0L);
      assertThat(memory.backing().get(JAVA_INT_UNALIGNED, 0xfff8)).isEqualTo(-9);
      assertThat(memory.backing().get(JAVA_INT_UNALIGNED, 28)).isEqualTo(0xfff0);
    }
  }

  @Test
  void valueRecordDecodesBothLayoutsAlikeAndEncodesThemBack() throws Throwable {
    Class<?> probe = type("Probe");
    Class<?> value = type("Probe$Value");
    MemorySegment guest = MemorySegment.ofArray(new byte[36]);
    guest.set(JAVA_INT_UNALIGNED, 0, -2);
    guest.set(JAVA_INT_UNALIGNED, 4, 0xfffffffe);
    guest.set(JAVA_INT_UNALIGNED, 16, 1);
    guest.set(JAVA_SHORT_UNALIGNED, 20, (short) 0xbeef);
    guest.set(JAVA_INT_UNALIGNED, 28, 0x2000);
    guest.set(JAVA_INT_UNALIGNED, 32, 0b10110_101);
    Object decoded = probe.getMethod("decodeGuest", MemorySegment.class, long.class).invoke(null, guest, 0L);

    assertThat(component(decoded, "s")).isEqualTo(-2L);
    assertThat(component(decoded, "u")).isEqualTo(0xfffffffeL);
    assertThat(component(decoded, "vWord")).isEqualTo(0xbeefL);
    assertThat(component(decoded, "items")).isEqualTo(0x2000L);
    assertThat(component(decoded, "low")).isEqualTo(5L);
    assertThat(component(decoded, "high")).as("a signed bitfield").isEqualTo(-10L);
    assertThat(decoded.toString()).startsWith("struct probe{s=-2, u=4294967294, ts=struct __kernel_old_timeval{")
        .contains("v.word=48879", "items=0x2000", "low=5, high=-10");

    MemorySegment host = MemorySegment.ofArray(new byte[72]);
    probe.getMethod("encodeHost", value, MemorySegment.class, long.class).invoke(null, decoded, host, 0L);
    assertThat(host.get(JAVA_LONG_UNALIGNED, 0)).isEqualTo(-2L);
    assertThat(host.get(JAVA_LONG_UNALIGNED, 8)).isEqualTo(0xfffffffeL);
    assertThat(host.get(JAVA_SHORT_UNALIGNED, 40)).isEqualTo((short) 0xbeef);
    Object again = probe.getMethod("decodeHost", MemorySegment.class, long.class).invoke(null, host, 0L);
    assertThat(again).isEqualTo(decoded).hasSameHashCodeAs(decoded);

    MemorySegment back = MemorySegment.ofArray(new byte[36]);
    probe.getMethod("encodeGuest", value, MemorySegment.class, long.class).invoke(null, again, back, 0L);
    assertThat(back.toArray(JAVA_BYTE)).isEqualTo(guest.toArray(JAVA_BYTE));
  }

  @Test
  void ioctlNumbersEncodeEachAbisSizeAndTheTableServesTheGuestNumber() throws Exception {
    // _IOWR('P', 1, 36 bytes) on i386 and 72 on x86_64; _IO('P', 2) on both
    assertThat(type("CompatIoctls$I386").getField("PROBE_GET").get(null)).isEqualTo(0xc0245001);
    assertThat(type("CompatIoctls$X8664").getField("PROBE_GET").get(null)).isEqualTo(0xc0485001);
    assertThat(type("CompatIoctls$I386").getField("PROBE_RESET").get(null)).isEqualTo(0x5002);
    IoctlTable table = (IoctlTable) type("CompatIoctlTable").getField("INSTANCE").get(null);
    assertThat(table.handler(0xc0245001)).isNotNull();
    assertThat(table.handler(0xc0485001)).as("the host number is no guest number").isNull();
    assertThat(table.entries()).extracting(IoctlEntry::name, IoctlEntry::guestNumber, IoctlEntry::hostNumber)
        .contains(org.assertj.core.groups.Tuple.tuple("PROBE_GET", 0xc0245001, 0xc0485001L));
  }

  private static Class<?> type(String simpleName) throws ClassNotFoundException {
    return Class.forName(PACKAGE + "." + simpleName, true, loader);
  }

  private static long constant(String type, String name) throws ReflectiveOperationException {
    return type(type).getField(name).getLong(null);
  }

  private static Object component(Object record, String name) throws ReflectiveOperationException {
    return Arrays.stream(record.getClass().getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no component " + name)).getAccessor().invoke(record);
  }

  private static MethodHandle toHost(String type) throws ReflectiveOperationException {
    return conversion(type, "toHost");
  }

  private static MethodHandle toGuest(String type) throws ReflectiveOperationException {
    return conversion(type, "toGuest");
  }

  private static MethodHandle conversion(String type, String name) throws ReflectiveOperationException {
    return MethodHandles.publicLookup().findStatic(type(type), name, MethodType.methodType(void.class,
        ConversionContext.class, MemorySegment.class, long.class, MemorySegment.class, long.class));
  }
}
