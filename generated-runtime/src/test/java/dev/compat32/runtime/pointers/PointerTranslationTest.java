package dev.compat32.runtime.pointers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.runtime.testing.Bundled;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A guest pointer is never copied raw, tried on every generated codec: for every pointer and
 * address member, under every union choice the table asks for and every case of every selector,
 * a distinctive guest pointer is planted in guest bytes that are otherwise zero, {@code toHost}
 * runs on segment guest memory (where a guest address is not a host address), and the host slot
 * must hold exactly the translated address (or, for a deep copy, a host copy in this call's
 * scratch); a pointer outside guest memory must arrive as the no-access page.
 */
class PointerTranslationTest {
  record Codec(StructSpec struct, String abi, CodegenPlan.Choice choice) {
    @Override
    public String toString() {
      return struct.name() + " on " + abi + (choice.members().isEmpty() ? "" : " " + choice.members());
    }
  }

  static List<Codec> codecs() {
    return codecs(Bundled.plan());
  }

  /** Every codec class the plan emits: each struct's own, and each union choice an ioctl asks for, per guest layout. */
  static List<Codec> codecs(CodegenPlan plan) {
    List<Codec> out = new ArrayList<>();
    for (StructSpec struct : plan.layouts().specs().structs()) {
      if (plan.layouts().struct(plan.hostAbi(), struct).isEmpty()) {
        continue;
      }
      Set<CodegenPlan.Choice> choices = new LinkedHashSet<>();
      choices.add(CodegenPlan.Choice.NONE);
      choices.addAll(plan.choices(struct));
      for (CodegenPlan.Choice choice : choices) {
        plan.classAbis(struct).forEach(abi -> out.add(new Codec(struct, abi, choice)));
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyPointerSlotIsTranslated() {
    return codecs().stream().map(codec -> DynamicTest.dynamicTest(codec.toString(), () -> check(codec)));
  }

  @Test
  void theBundledSpecsHavePointerAndAddressSlotsToTry() {
    Set<String> found = new java.util.TreeSet<>();
    CodegenPlan plan = Bundled.plan();
    for (Codec codec : codecs()) {
      for (PointerSlots.Slot slot : PointerSlots.of(plan.layouts(), plan.hostAbi(), codec.struct(), codec.abi(), codec.choice())) {
        found.add(codec.struct().name() + "." + slot.path());
      }
    }
    // the walk must find the pointers a reader of the headers knows are there, address members included
    // (v4l2_buffer.m.planes is live for multi-planar buffer types, which its selector, memory, cannot tell)
    assertThat(found).contains("ifconf.ifc_ifcu", "ifconf.ifc_ifcu.ifcu_req", "if_settings.ifs_ifsu", "ifreq.ifr_ifru.ifru_data",
        "iw_point.pointer", "blkpg_ioctl_arg.data", "rtentry.rt_dev", "rtentry.rt_pad4", "v4l2_buffer.m.userptr",
        "input_mask.codes_ptr", "ff_effect.u.periodic.custom_data");
  }

  private static void check(Codec codec) {
    CodegenPlan plan = Bundled.plan();
    PointerPlanting.assertTranslated(plan, Bundled.codec(codec.struct(), codec.abi(), codec.choice()), codec.struct(), codec.abi(),
        codec.choice());
  }
}
