package dev.compat32.runtime.pointers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.codec.Integers;
import dev.compat32.runtime.codec.StructCodec;
import dev.compat32.runtime.ioctl.IoctlDispatcher;
import dev.compat32.runtime.ioctl.IoctlTable;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import dev.compat32.runtime.testing.InProcessGeneration;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec constructs UAPI needs, end to end: a header written here, its spec checked against
 * {@code gcc -m32} and {@code gcc -m64}, generated, compiled, loaded and run on segment guest
 * memory. Offsets are the C rules worked by hand (i386: long and pointers 4 bytes, u64 4-aligned;
 * x86_64: 8 and 8), not read from the generator.
 */
class SpecConstructsTest {
  private static final String PACKAGE = "constructs.generated";
  private static final String HEADER = """
      #include <linux/types.h>
      #include <linux/ioctl.h>
      struct sc_item { long id; char tag[4]; };
      union sc_val { __u32 word; struct sc_item *item; };
      struct sc_image {
        __u32 width;
        __u32 height;
        __u8 *pixels;
        void *frames;
        __u32 count;
        __u32 kind;
        union sc_val v;
        __u64 user;
        __u32 len;
        struct sc_item *opaque_item;
        __u32 a : 3;
        __u32 : 5;
        __u32 b : 4;
        __u32 reserved[0];
      };
      struct sc_iovec { void *base; unsigned long len; };
      struct sc_xfer {
        __u32 flags;
        __u32 iovec_count;
        __u32 len;
        void *buf;
      #if defined(__i386__)
        __u16 tag;
      #else
        __u32 tag;
      #endif
      };
      #define SC_GET _IOWR('Q', 1, struct sc_image)
      #define SC_OLD _IOW('Q', 2, struct sc_image)
      """;
  private static final String SPEC = """
      headers: [sc.h]
      structs:
        sc_item:
          fields:
            - {name: id, type: long}
            - {name: tag, type: "char[4]"}
        sc_val:
          kind: union
          default: word
          fields:
            - {name: word, type: __u32}
            - {name: item, type: "sc_item *", count: 1}
        sc_image:
          fields:
            - {name: width, type: __u32}
            - {name: height, type: __u32}
            - {name: pixels, type: "__u8 *", count: "width * height", dir: in}
            - {name: frames, type: "void *", count: {field: "(count + 1) * 2352", unit: bytes}, dir: out}
            - {name: count, type: __u32}
            - {name: kind, type: __u32}
            - {name: v, type: sc_val, select: {field: kind, cases: {2: item}, default: word}}
            - {name: user, type: __u64, address: __u8, count: len}
            - {name: len, type: __u32}
            - {name: opaque_item, type: "sc_item *", opaque: true}
            - {name: a, type: __u32, bits: 3}
            - {type: __u32, bits: 5}
            - {name: b, type: __u32, bits: 4}
            - {name: reserved, type: "__u32[0]"}
        sc_iovec:
          fields:
            - {name: base, type: "void *"}
            - {name: len, type: unsigned long}
        sc_xfer:
          fields:
            - {name: flags, type: __u32}
            - {name: iovec_count, type: __u32}
            - {name: len, type: __u32}
            # bit 0 of flags: the kernel writes the buffer, else reads it; iovec_count non-zero: an iovec array
            - name: buf
              type: "void *"
              count: len
              dir: {field: flags, mask: 1, cases: {0: in, 1: out}}
              pointsTo: {field: iovec_count, cases: {0: __u8}, default: {type: sc_iovec, count: iovec_count}}
            - {name: tag, type: {default: __u32, i386: __u16}}
      ioctls:
        SC_GET: {dir: rw, type: 'Q', nr: 1, arg: sc_image}
        SC_OLD: {dir: w, type: 'Q', nr: 2, arg: sc_image, unsupported: {reason: "withdrawn from the compat path", errno: EINVAL}}
      """;
  // i386: width 0, height 4, pixels 8, frames 12, count 16, kind 20, v 24, user 28 (u64, 4-aligned), len 36,
  // opaque_item 40, a/b in the unit at 44, reserved 48; size 48
  // x86_64: pixels 8, frames 16, count 24, kind 28, v 32, user 40, len 48, opaque_item 56, a/b 64, reserved 68; size 72
  private static final long G_SIZE = 48;
  private static final long H_SIZE = 72;

  @TempDir
  static Path work;

  private static InProcessGeneration generation;
  private static ClassLoader loader;
  private static LayoutSet layouts;
  private static CodegenPlan plan;

  @BeforeAll
  static void generateAndCompile() throws Exception {
    generation = InProcessGeneration.of(work, "sc", HEADER, SPEC, PACKAGE);
    loader = generation.loader();
    layouts = generation.layouts();
    plan = generation.plan();
  }

  @Test
  void theSpecAgreesWithTheCompilersOnTheHeader() throws Exception {
    assertThat(generation.checkAgainstTheCompilers(List.of("i386", "x86_64")))
        .as("sizes, offsets, bitfields and ioctl numbers on each ABI").allSatisfy(n -> assertThat(n).isGreaterThan(30));
    assertThat(codec("sc_image").guestFixedSize()).isEqualTo(G_SIZE);
    assertThat(codec("sc_image").hostFixedSize()).isEqualTo(H_SIZE);
  }

  @Test
  void everyPointerSlotOfTheTestSpecIsTranslated() throws Exception {
    for (PointerTranslationTest.Codec c : PointerTranslationTest.codecs(plan)) {
      if (plan.isOwn(c.struct())) {
        PointerPlanting.assertTranslated(plan, codec(c.struct(), c.abi(), c.choice()), c.struct(), c.abi(), c.choice());
      }
    }
  }

  @Test
  void countExpressionsSelectorsAddressesAndOpaquePointersConvert() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 20);
      MemorySegment guest = memory.slice(0x1000, G_SIZE);
      long base = memory.backing().address();
      Integers.write(guest, 0, 4, 3);             // width
      Integers.write(guest, 4, 4, 2);             // height: 6 pixels
      Integers.write(guest, 8, 4, 0x2000);        // pixels
      memory.slice(0x2000, 6).copyFrom(MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6}));
      Integers.write(guest, 12, 4, 0x3000);       // frames: (count + 1) * 2352 bytes, out only
      Integers.write(guest, 16, 4, 1);            // count
      Integers.write(guest, 20, 4, 2);            // kind 2: v.item, one sc_item
      Integers.write(guest, 24, 4, 0x8000);
      Integers.write(memory.slice(0x8000, 8), 0, 4, -5);
      Integers.write(guest, 28, 8, 0x9000);       // user: len bytes
      Integers.write(guest, 36, 4, 3);
      memory.slice(0x9000, 3).copyFrom(MemorySegment.ofArray(new byte[] {7, 8, 9}));
      Integers.write(guest, 40, 4, 0xa000);       // opaque_item
      Integers.write(guest, 44, 4, 5 | 0x1f << 3 | 9 << 8);  // a = 5, padding all ones, b = 9
      ConversionContext ctx = new ConversionContext(memory);
      MemorySegment host = ctx.scratch(H_SIZE, 8);
      codec("sc_image").toHost(ctx, guest, 0, host, 0);

      assertThat(bytes(ctx, host.get(ValueLayout.JAVA_LONG_UNALIGNED, 8), 6)).containsExactly(1, 2, 3, 4, 5, 6);
      long frames = host.get(ValueLayout.JAVA_LONG_UNALIGNED, 16);
      assertThat(ctx.hostBuffer(frames, 2 * 2352).byteSize()).isEqualTo(2 * 2352);
      assertThat(bytes(ctx, frames, 2 * 2352)).containsOnly(0);   // dir out: nothing converted on the way in
      long item = host.get(ValueLayout.JAVA_LONG_UNALIGNED, 32);
      assertThat(ctx.hostBuffer(item, 16).get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).isEqualTo(-5L);   // sign-extended long
      assertThat(bytes(ctx, host.get(ValueLayout.JAVA_LONG_UNALIGNED, 40), 3)).containsExactly(7, 8, 9);
      assertThat(host.get(ValueLayout.JAVA_LONG_UNALIGNED, 56)).isEqualTo(base + 0xa000);   // opaque: the address only
      int bits = host.get(ValueLayout.JAVA_INT_UNALIGNED, 64);
      assertThat(bits & 7).isEqualTo(5);
      assertThat(bits >> 8 & 0xf).isEqualTo(9);

      // the kernel writes the frames; they come back to the guest
      ctx.hostBuffer(frames, 2 * 2352).fill((byte) 0x5a);
      codec("sc_image").toGuest(ctx, host, 0, guest, 0);
      assertThat(memory.slice(0x3000, 2 * 2352).toArray(ValueLayout.JAVA_BYTE)).containsOnly(0x5a);
      assertThat(memory.slice(0x3000 + 2 * 2352, 1).get(ValueLayout.JAVA_BYTE, 0)).isZero();

      // another kind is no case: the default, word, is copied as a value
      Integers.write(guest, 20, 4, 7);
      ctx.reset();
      MemorySegment again = ctx.scratch(H_SIZE, 8);
      codec("sc_image").toHost(ctx, guest, 0, again, 0);
      assertThat(again.get(ValueLayout.JAVA_LONG_UNALIGNED, 32)).isEqualTo(0x8000L);
    }
  }

  // sc_xfer, i386: flags 0, iovec_count 4, len 8, buf 12, tag 16 (__u16), size 20; x86_64: buf 16, tag 24 (__u32), size 32

  @Test
  void aDirectionAndATargetChosenByOtherMembers() throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 20);
      long base = memory.backing().address();
      MemorySegment guest = memory.slice(0x1000, 20);
      memory.slice(0x2000, 5).copyFrom(MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5}));
      Integers.write(guest, 8, 4, 5);             // len
      Integers.write(guest, 12, 4, 0x2000);       // buf: 5 bytes, read by the kernel (flags bit 0 clear)
      Integers.write(guest, 16, 2, 0xfffe);       // tag: __u16 on i386
      ConversionContext ctx = new ConversionContext(memory);
      MemorySegment host = ctx.scratch(32, 8);
      codec("sc_xfer").toHost(ctx, guest, 0, host, 0);
      long buf = host.get(ValueLayout.JAVA_LONG_UNALIGNED, 16);
      assertThat(bytes(ctx, buf, 5)).containsExactly(1, 2, 3, 4, 5);
      assertThat(host.get(ValueLayout.JAVA_INT_UNALIGNED, 24)).isEqualTo(0xfffe);   // zero-extended into a __u32
      ctx.hostBuffer(buf, 5).fill((byte) 9);
      host.set(ValueLayout.JAVA_INT_UNALIGNED, 24, 0x1fffd);
      codec("sc_xfer").toGuest(ctx, host, 0, guest, 0);
      assertThat(memory.slice(0x2000, 5).toArray(ValueLayout.JAVA_BYTE)).as("dir in: nothing comes back").containsExactly(1, 2, 3, 4, 5);
      assertThat(Integers.read(guest, 16, 2, false)).isEqualTo(0xfffdL);   // truncated into the __u16

      Integers.write(guest, 0, 4, 1);             // flags bit 0: the kernel writes the buffer
      ctx.reset();
      host = ctx.scratch(32, 8);
      codec("sc_xfer").toHost(ctx, guest, 0, host, 0);
      buf = host.get(ValueLayout.JAVA_LONG_UNALIGNED, 16);
      assertThat(bytes(ctx, buf, 5)).as("dir out: nothing goes in").containsOnly(0);
      ctx.hostBuffer(buf, 5).fill((byte) 7);
      codec("sc_xfer").toGuest(ctx, host, 0, guest, 0);
      assertThat(memory.slice(0x2000, 5).toArray(ValueLayout.JAVA_BYTE)).containsOnly(7);

      // iovec_count 2: buf is two struct sc_iovec (8 bytes each on i386, 16 on x86_64), each base translated
      Integers.write(guest, 0, 4, 0);
      Integers.write(guest, 4, 4, 2);
      Integers.write(guest, 12, 4, 0x3000);
      MemorySegment iov = memory.slice(0x3000, 16);
      Integers.write(iov, 0, 4, 0x4000);
      Integers.write(iov, 4, 4, 0x80000000L);
      Integers.write(iov, 8, 4, 0x5000);
      Integers.write(iov, 12, 4, 3);
      ctx.reset();
      host = ctx.scratch(32, 8);
      codec("sc_xfer").toHost(ctx, guest, 0, host, 0);
      MemorySegment hostIov = ctx.hostBuffer(host.get(ValueLayout.JAVA_LONG_UNALIGNED, 16), 32);
      assertThat(hostIov.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).isEqualTo(base + 0x4000);
      assertThat(hostIov.get(ValueLayout.JAVA_LONG_UNALIGNED, 8)).isEqualTo(0x80000000L);   // unsigned long: zero-extended
      assertThat(hostIov.get(ValueLayout.JAVA_LONG_UNALIGNED, 16)).isEqualTo(base + 0x5000);
      assertThat(hostIov.get(ValueLayout.JAVA_LONG_UNALIGNED, 24)).isEqualTo(3L);
    }
  }

  @Test
  void anUnsupportedCommandAnswersTheErrnoItsSpecNames() throws Exception {
    IoctlTable table = (IoctlTable) loader.loadClass(PACKAGE + ".CompatIoctlTable").getField("INSTANCE").get(null);
    int guestNumber = 0x40305102;   // _IOW('Q', 2, 48 bytes)
    assertThat(table.entries()).anySatisfy(e -> {
      assertThat(e.name()).isEqualTo("SC_OLD");
      assertThat(e.guestNumber()).isEqualTo(guestNumber);
      assertThat(e.path()).isEqualTo("unsupported");
    });
    int fd = LinuxNative.open("/dev/null", LinuxNative.O_RDONLY | LinuxNative.O_CLOEXEC, 0);
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 16);
      assertThat(new IoctlDispatcher(table, memory).ioctl(fd, guestNumber, 0x1000)).isEqualTo(-22);
    } finally {
      LinuxNative.close(fd);
    }
  }

  private static byte[] bytes(ConversionContext ctx, long host, long length) throws Exception {
    return ctx.hostBuffer(host, length).toArray(ValueLayout.JAVA_BYTE);
  }

  private static StructCodec codec(String struct) throws Exception {
    return codec(layouts.specs().struct(struct).orElseThrow(), "i386", CodegenPlan.Choice.NONE);
  }

  private static StructCodec codec(StructSpec struct, String abi, CodegenPlan.Choice choice) throws Exception {
    return (StructCodec) loader.loadClass(plan.codecClass(struct, abi, choice).reflectionName()).getField("CODEC").get(null);
  }
}
