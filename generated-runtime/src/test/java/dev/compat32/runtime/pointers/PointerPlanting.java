package dev.compat32.runtime.pointers;

import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.runtime.codec.ConversionContext;
import dev.compat32.runtime.codec.Integers;
import dev.compat32.runtime.codec.StructCodec;
import dev.compat32.runtime.memory.NoAccessPage;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;

/** Plants guest pointers in a codec's pointer slots and checks what {@code toHost} makes of them. */
final class PointerPlanting {
  private static final long MEMORY = 1 << 20;
  private static final long STRUCT_AT = 0x1000;

  private PointerPlanting() {}

  /** Fails unless every live pointer slot of the codec is translated, deep-copied, or the no-access page. */
  static void assertTranslated(CodegenPlan plan, StructCodec generated, StructSpec struct, String abi, CodegenPlan.Choice choice) {
    List<PointerSlots.Slot> slots = PointerSlots.of(plan.layouts(), plan.hostAbi(), struct, abi, choice);
    SoftAssertions soft = new SoftAssertions();
    try (Arena arena = Arena.ofConfined()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, MEMORY);
      int n = 0;
      for (PointerSlots.Slot slot : slots) {
        long planted = 0x40000 + 0x40L * n++;
        long translated = memory.backing().address() + planted;
        long host = convert(generated, memory, slot, planted);
        if (slot.deepCopy()) {
          soft.assertThat(host).as(slot.path() + ": a deep copy in host scratch").isNotIn(0L, planted, translated, NoAccessPage.ADDRESS);
        } else {
          soft.assertThat(host).as(slot.path() + ": the translated address of 0x" + Long.toHexString(planted)).isEqualTo(translated);
        }
        List<Long> bad = new ArrayList<>(List.of(MEMORY + 0x10000, 0xdead0000L));
        if (slot.guestSize() == 8) {
          bad.add((1L << 32) + planted);  // a 64-bit value whose low half is a valid guest address
        }
        for (long outside : bad) {
          soft.assertThat(convert(generated, memory, slot, outside)).as(slot.path() + ": 0x" + Long.toHexString(outside)
              + " outside guest memory").isEqualTo(NoAccessPage.ADDRESS);
        }
      }
    } catch (Exception e) {
      soft.fail(struct.name() + " on " + abi + ": " + e);
    }
    soft.assertAll();
  }

  /** Plants {@code pointer} in {@code slot} of zeroed guest bytes with the slot's settings, runs toHost, returns the host slot. */
  private static long convert(StructCodec codec, SegmentGuestMemory memory, PointerSlots.Slot slot, long pointer) throws Exception {
    long guestSize = codec.guestFixedSize();
    MemorySegment guest = memory.slice(STRUCT_AT, guestSize);
    guest.fill((byte) 0);
    for (PointerSlots.Setting setting : slot.settings()) {
      Integers.write(guest, setting.offset(), setting.size(), setting.value());
    }
    Integers.write(guest, slot.guestOffset(), slot.guestSize(), pointer);
    ConversionContext ctx = new ConversionContext(memory);
    ctx.reset();
    MemorySegment host = ctx.scratch(codec.hostSize(guest, 0), codec.hostAlign());
    codec.toHost(ctx, guest, 0, host, 0);
    long value = Integers.read(host, slot.hostOffset(), slot.hostSize(), false);
    if (slot.deepCopy() && value != 0 && value != NoAccessPage.ADDRESS) {
      ctx.hostBuffer(value, slot.hostElementSize());  // throws unless it lies in this call's scratch
    }
    return value;
  }
}
