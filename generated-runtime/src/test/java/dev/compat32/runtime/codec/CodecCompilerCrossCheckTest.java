package dev.compat32.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.spec.AggregateKind;
import dev.compat32.generator.spec.SpecFile;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.testing.Bundled;
import dev.compat32.runtime.testing.Compilers;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated codecs against the compilers: a C program built with {@code gcc -m32} (and with
 * 64-bit time) sets every integer member of every struct to a value that needs the right sign or
 * zero extension, and prints the bytes; the same program built with {@code gcc -m64} prints what
 * the host struct must be. {@code toHost} of the first must give the second, byte for byte, and
 * {@code toGuest} of the second must give back the first. The {@code Value} record must decode both
 * as the same members and encode each side back to the compiler's bytes.
 */
class CodecCompilerCrossCheckTest {
  @TempDir
  Path work;

  /** One member assignment: a C designator and its value as a C literal. */
  private record Assignment(String designator, String literal) {}

  @TestFactory
  Stream<DynamicTest> toHostMatchesGccForEveryStruct() throws Exception {
    CodegenPlan plan = Bundled.plan();
    LayoutSet layouts = plan.layouts();
    List<DynamicTest> tests = new ArrayList<>();
    for (String guestAbi : plan.guestAbis()) {
      Map<String, byte[]> guestBytes = new LinkedHashMap<>();
      Map<String, byte[]> hostBytes = new LinkedHashMap<>();
      Map<String, StructSpec> checked = new LinkedHashMap<>();
      for (SpecFile file : layouts.specs().files()) {
        StringBuilder body = new StringBuilder();
        for (StructSpec struct : file.structs()) {
          if (layouts.struct(guestAbi, struct).isEmpty() || layouts.struct(plan.hostAbi(), struct).isEmpty()) {
            continue;
          }
          List<Assignment> assignments = new ArrayList<>();
          // counts of arrays elsewhere stay 0: their rescaling and deep copies are checked against the kernel
          Set<String> counts = new HashSet<>();
          layouts.struct(guestAbi, struct).get().fields().forEach(f -> f.member().spec().count().ifPresent(c -> counts.addAll(c.expr().members())));
          value(new CType.Aggregate(layouts.struct(guestAbi, struct).get().layout()),
              new CType.Aggregate(layouts.struct(plan.hostAbi(), struct).get().layout()), "", "", assignments);
          String cType = layouts.struct(guestAbi, struct).get().cType();
          body.append("  { ").append(cType).append(" v; memset(&v, 0, sizeof v);\n");
          for (Assignment a : assignments) {
            if (counts.contains(a.designator())) {
              continue;
            }
            body.append("    v.").append(a.designator()).append(" = ").append(a.literal()).append(";\n");
          }
          body.append("    dump(\"").append(struct.name()).append("\", &v, sizeof v); }\n");
          checked.put(struct.name(), struct);
        }
        if (body.isEmpty()) {
          continue;
        }
        StringBuilder source = new StringBuilder("#include <stdio.h>\n#include <string.h>\n#include <linux/ioctl.h>\n");
        file.headers().forEach(h -> source.append("#include <").append(h).append(">\n"));
        file.structs().stream().map(StructSpec::header).distinct().forEach(h -> source.append("#include <").append(h).append(">\n"));
        source.append("static void dump(const char *n, const void *p, size_t len) { const unsigned char *b = p;\n")
            .append("  printf(\"%s \", n); for (size_t i = 0; i < len; i++) printf(\"%02x\", b[i]); printf(\"\\n\"); }\n")
            .append("int main(void) {\n").append(body).append("  return 0;\n}\n");
        String name = guestAbi + "-" + file.path().getFileName().toString().replace(".yaml", "");
        guestBytes.putAll(Compilers.runDump(work, name + "-guest", source.toString(), Compilers.probe(layouts, guestAbi)));
        hostBytes.putAll(Compilers.runDump(work, name + "-host", source.toString(), Compilers.probe(layouts, plan.hostAbi())));
      }
      for (Map.Entry<String, StructSpec> entry : checked.entrySet()) {
        StructSpec struct = entry.getValue();
        tests.add(DynamicTest.dynamicTest(guestAbi + " " + struct.name() + " (" + Bundled.plan().codecClass(struct, guestAbi,
            CodegenPlan.Choice.NONE).simpleName() + ")", () -> {
          byte[] guest = guestBytes.get(struct.name());
          byte[] host = hostBytes.get(struct.name());
          StructCodec codec = Bundled.codec(struct, guestAbi);
          try (Arena arena = Arena.ofConfined()) {
            ConversionContext ctx = new ConversionContext(SegmentGuestMemory.allocate(arena, 1 << 16));
            MemorySegment g = arena.allocate(guest.length + 64L, 8).copyFrom(MemorySegment.ofArray(guest));
            MemorySegment h = arena.allocate(host.length + 64L, 8);
            try {
              codec.toHost(ctx, g, 0, h, 0);
            } catch (ConversionException e) {
              throw new AssertionError(struct.name() + ": " + e.getMessage(), e);
            }
            assertThat(HexFormat.of().formatHex(h.asSlice(0, host.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)))
                .as("toHost(%s) against gcc -m64", struct.name()).isEqualTo(HexFormat.of().formatHex(host));
            MemorySegment back = arena.allocate(guest.length + 64L, 8);
            codec.toGuest(ctx, MemorySegment.ofArray(host), 0, back, 0);
            assertThat(HexFormat.of().formatHex(back.asSlice(0, guest.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)))
                .as("toGuest(%s) against the guest compiler", struct.name()).isEqualTo(HexFormat.of().formatHex(guest));

            // the Value record reads both compilers' bytes as the same members, and writes them back
            Class<?> type = Bundled.codecType(struct, guestAbi);
            Object fromGuest = type.getMethod("decodeGuest", MemorySegment.class, long.class).invoke(null, MemorySegment.ofArray(guest), 0L);
            Object fromHost = type.getMethod("decodeHost", MemorySegment.class, long.class).invoke(null, MemorySegment.ofArray(host), 0L);
            assertThat(fromGuest).as("decodeGuest(%s) against decodeHost", struct.name()).isEqualTo(fromHost);
            MemorySegment encodedGuest = arena.allocate(guest.length, 8);
            MemorySegment encodedHost = arena.allocate(host.length, 8);
            type.getMethod("encodeGuest", fromGuest.getClass(), MemorySegment.class, long.class).invoke(null, fromHost, encodedGuest, 0L);
            type.getMethod("encodeHost", fromGuest.getClass(), MemorySegment.class, long.class).invoke(null, fromGuest, encodedHost, 0L);
            assertThat(HexFormat.of().formatHex(encodedGuest.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)))
                .as("encodeGuest(%s) against the guest compiler", struct.name()).isEqualTo(HexFormat.of().formatHex(guest));
            assertThat(HexFormat.of().formatHex(encodedHost.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)))
                .as("encodeHost(%s) against gcc -m64", struct.name()).isEqualTo(HexFormat.of().formatHex(host));
          }
        }));
      }
    }
    return tests.stream();
  }

  /** Chooses a value for every integer member both layouts have, skipping unions whose member nothing names. */
  private static void assign(AggregateLayout guest, AggregateLayout host, String prefix, List<Assignment> out) {
    for (AggregateLayout.Member gm : guest.members()) {
      Optional<AggregateLayout.Member> hm = host.members().stream().filter(m -> m.spec() == gm.spec()).findFirst();
      if (hm.isEmpty()) {
        continue;
      }
      String designator = prefix + gm.name().orElse("");
      CType gt = CType.unwrap(gm.type());
      CType ht = CType.unwrap(hm.get().type());
      if (gm.isBitfield()) {
        int width = gm.bitWidth().orElseThrow();
        long value = Math.abs((long) designator.hashCode()) & ((1L << Math.min(width - 1, 62)) - 1);
        out.add(new Assignment(designator, Long.toString(Math.max(value, 0))));
        continue;
      }
      value(gt, ht, designator, gm.name().isEmpty() ? prefix : designator + ".", out);
    }
  }

  private static void value(CType gt, CType ht, String designator, String nestedPrefix, List<Assignment> out) {
    switch (gt) {
      case CType.Scalar s when s.kind() == ScalarKind.SIGNED || s.kind() == ScalarKind.UNSIGNED ->
          out.add(new Assignment(designator, literal(s, designator)));
      case CType.Array a when a.length() > 0 && ht instanceof CType.Array ha -> {
        for (int i = 0; i < a.length(); i++) {
          value(CType.unwrap(a.element()), CType.unwrap(ha.element()), designator + "[" + i + "]", designator + "[" + i + "].", out);
        }
      }
      case CType.Aggregate a when ht instanceof CType.Aggregate ha -> {
        if (a.layout().kind() == AggregateKind.UNION) {
          // which member the kernel means is not in the bytes: fill one only where all members agree
          if (a.layout().size() == ha.layout().size() && sameMembers(a.layout(), ha.layout())) {
            AggregateLayout.Member first = a.layout().members().get(0);
            AggregateLayout single = new AggregateLayout(a.layout().name(), AggregateKind.STRUCT, a.layout().size(),
                a.layout().align(), List.of(first));
            AggregateLayout hostSingle = new AggregateLayout(ha.layout().name(), AggregateKind.STRUCT, ha.layout().size(),
                ha.layout().align(), List.of(ha.layout().members().get(0)));
            assign(single, hostSingle, nestedPrefix, out);
          }
        } else {
          assign(a.layout(), ha.layout(), nestedPrefix, out);
        }
      }
      default -> { }
    }
  }

  private static boolean sameMembers(AggregateLayout g, AggregateLayout h) {
    for (int i = 0; i < g.members().size() && i < h.members().size(); i++) {
      if (g.members().get(i).type().size() != h.members().get(i).type().size()) {
        return false;
      }
    }
    return g.members().size() == h.members().size();
  }

  /** A value with the top bit of the guest type set, so a wrong extension shows. */
  private static String literal(CType.Scalar s, String designator) {
    long hash = designator.hashCode() * 0x9E3779B97F4A7C15L;
    int bits = s.size() * 8;
    if (s.kind() == ScalarKind.UNSIGNED) {
      long value = (hash & (bits == 64 ? -1L : (1L << bits) - 1)) | (1L << (bits - 1));
      return "0x" + Long.toHexString(value) + "ULL";
    }
    long magnitude = 1 + (hash & ((1L << (bits - 2)) - 1));
    return "(-" + magnitude + "LL)";
  }
}
