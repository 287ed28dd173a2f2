package dev.compat32.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.FieldSpec;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.runtime.Errno;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import dev.compat32.runtime.testing.Bundled;
import dev.compat32.runtime.testing.PlainFields;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Properties of every generated codec, on random values: guest to host to guest keeps every
 * integer member, with the right extension on the host; narrowing fails exactly where a host
 * value does not fit a guest field marked {@code eoverflow}.
 */
class CodecRoundTripPropertiesTest {

  private record Case(StructSpec struct, String abi, StructCodec codec, StructLayout guest, StructLayout host, List<PlainFields.Slot> slots) {}

  private static List<Case> cases() {
    CodegenPlan plan = Bundled.plan();
    List<Case> cases = new ArrayList<>();
    for (String abi : plan.guestAbis()) {
      for (StructSpec struct : plan.layouts().specs().structs()) {
        StructLayout guest = plan.layouts().struct(abi, struct).orElseThrow();
        StructLayout host = plan.layouts().struct(plan.hostAbi(), struct).orElseThrow();
        cases.add(new Case(struct, abi, Bundled.codec(struct, abi), guest, host, PlainFields.of(guest, host)));
      }
    }
    return cases;
  }

  private static final List<Case> CASES = cases();

  @Property(tries = 300)
  void guestToHostToGuestKeepsEveryMember(@ForAll long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    try (Arena arena = Arena.ofConfined()) {
      ConversionContext ctx = new ConversionContext(SegmentGuestMemory.allocate(arena, 1 << 16));
      for (Case c : CASES) {
        MemorySegment guest = arena.allocate(c.guest().size() + 64L, 8);
        MemorySegment host = arena.allocate(c.host().size() + 64L, 8);
        MemorySegment back = arena.allocate(c.guest().size() + 64L, 8);
        List<Long> values = new ArrayList<>();
        for (PlainFields.Slot slot : c.slots()) {
          long value = random.nextLong();
          Integers.write(guest, slot.guestOffset(), slot.guestSize(), value);
          values.add(Integers.read(guest, slot.guestOffset(), slot.guestSize(), slot.signed()));
        }
        c.codec().toHost(ctx, guest, 0, host, 0);
        c.codec().toGuest(ctx, host, 0, back, 0);
        for (int i = 0; i < c.slots().size(); i++) {
          PlainFields.Slot slot = c.slots().get(i);
          assertThat(Integers.read(host, slot.hostOffset(), slot.hostSize(), slot.signed()))
              .as("%s.%s on the host (%s)", c.struct().name(), slot.path(), c.abi()).isEqualTo(values.get(i));
          assertThat(Integers.read(back, slot.guestOffset(), slot.guestSize(), slot.signed()))
              .as("%s.%s back on the guest (%s)", c.struct().name(), slot.path(), c.abi()).isEqualTo(values.get(i));
        }
      }
    }
  }

  @Property(tries = 300)
  void narrowingFailsExactlyWhereValuesDoNotFit(@ForAll long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    try (Arena arena = Arena.ofConfined()) {
      ConversionContext ctx = new ConversionContext(SegmentGuestMemory.allocate(arena, 1 << 16));
      int checked = 0;
      for (Case c : CASES) {
        for (PlainFields.Slot slot : c.slots()) {
          if (slot.narrowing() != FieldSpec.Narrowing.EOVERFLOW || slot.hostSize() <= slot.guestSize()) {
            continue;
          }
          MemorySegment host = arena.allocate(c.host().size() + 64L, 8);
          MemorySegment guest = arena.allocate(c.guest().size() + 64L, 8);
          // half the values fit, half do not
          long value = random.nextBoolean() ? random.nextLong() : random.nextLong() >> (64 - slot.guestSize() * 8 + 1);
          Integers.write(host, slot.hostOffset(), slot.hostSize(), value);
          int bits = slot.guestSize() * 8;
          boolean fits = slot.signed() ? value >= -(1L << (bits - 1)) && value < (1L << (bits - 1)) : (value >>> bits) == 0;
          checked++;
          if (fits) {
            c.codec().toGuest(ctx, host, 0, guest, 0);
            assertThat(Integers.read(guest, slot.guestOffset(), slot.guestSize(), slot.signed())).isEqualTo(value);
          } else {
            assertThatThrownBy(() -> c.codec().toGuest(ctx, host, 0, guest, 0))
                .as("%s.%s = %d on %s", c.struct().name(), slot.path(), value, c.abi())
                .isInstanceOfSatisfying(ConversionException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW));
          }
        }
      }
      assertThat(checked).as("fields marked eoverflow").isGreaterThanOrEqualTo(4);
    }
  }
}
