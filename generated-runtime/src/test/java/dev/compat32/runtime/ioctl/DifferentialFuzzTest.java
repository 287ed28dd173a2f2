package dev.compat32.runtime.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.TypeExpr;
import dev.compat32.runtime.differential.DispatchScript;
import dev.compat32.runtime.differential.I386Oracle;
import dev.compat32.runtime.differential.ScriptStep;
import dev.compat32.runtime.differential.ScriptStep.Mask;
import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.memory.IdentityGuestMemory;
import dev.compat32.runtime.testing.Oracles;
import dev.compat32.runtime.testing.Bundled;
import dev.compat32.runtime.testing.SafeCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random ioctls, each performed by the i386 oracle through the kernel's compat path and by
 * compat32, compared byte for byte like the differential suite: random commands from the table on
 * a pty, a socket, a pipe, a file, {@code /dev/urandom} and a bad fd; random argument bytes, with
 * every pointer member set to NULL, a bad address, or the argument buffer itself (those four bytes
 * masked, as the two processes' buffers lie at different addresses); values; bad pointers.
 * The seed is fixed and printed; {@code -Dcompat32.fuzz.seed=N} runs another.
 */
class DifferentialFuzzTest {
  private static final int CASES = Integer.getInteger("compat32.differentialFuzz.cases", 3000);
  // fixed, so a CI run is repeatable; -Dcompat32.fuzz.seed=N explores others
  private static final long SEED = Long.getLong("compat32.fuzz.seed", 20261128L);
  /**
   * Answers that differ between two processes by nature: ids, counters, the buffer's own address
   * echoed back, and arguments that are fd numbers (FICLONE, FIDEDUPERANGE), which name different
   * files in the two processes.
   */
  private static final Pattern NONDETERMINISTIC = Pattern.compile("TIOCGPTN|RNDGETENTCNT|PERF_EVENT_IOC_ID|BLKGETDISKSEQ"
      + "|SIOCGIFCONF|TIOCGDEV|SIOCGSKNS|FICLONE|FIDEDUPE");
  private static final int LENGTH = 512;
  private static final int INSIDE = 256;

  @TempDir
  Path work;

  @Test
  void randomIoctlsAgreeWithTheKernelsCompatPath() throws Exception {
    I386Oracle oracle = Oracles.require(work.resolve("oracle"));
    Path file = Files.write(work.resolve("data.bin"), new byte[64 * 1024]);
    Random random = new Random(SEED);

    List<IoctlEntry> entries = CompatIoctlTable.INSTANCE.entries().stream()
        .filter(e -> !NONDETERMINISTIC.matcher(e.name()).find()).toList();
    List<IoctlEntry> onDevices = SafeCommands.onDevices(entries);
    List<IoctlEntry> onPipes = SafeCommands.onPipes(entries);
    List<ScriptStep> steps = new ArrayList<>(List.of(ScriptStep.setup("ptmx 0"), ScriptStep.setup("socket 1"),
        ScriptStep.setup("pipe 2"), ScriptStep.setup("write 3 68656c6c6f"), ScriptStep.setup("open 4 " + file),
        ScriptStep.setup("open 5 /dev/urandom")));
    String[] slots = {"0", "1", "2", "4", "5", "bad"};
    for (int n = 0; n < CASES; n++) {
      String slot = slots[random.nextInt(slots.length)];
      List<IoctlEntry> pool = slot.equals("2") || slot.equals("bad") ? onPipes : onDevices;
      IoctlEntry entry = pool.get(random.nextInt(pool.size()));
      steps.add(step(random, entry, slot));
    }

    List<String> kernel = oracle.run(steps.stream().map(ScriptStep::line).toList());
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    try (IdentityGuestMemory memory = new IdentityGuestMemory()) {
      DispatchScript guest = new DispatchScript(new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory), memory,
          memory.allocate(DispatchScript.BUFFER_SIZE));
      for (int i = 0; i < steps.size(); i++) {
        ScriptStep step = steps.get(i);
        String answer = guest.run(step.line());
        if (!step.isIoctl()) {
          continue;
        }
        compared++;
        if (!step.masked(answer).equals(step.masked(kernel.get(i))) && disagreements.size() < 20) {
          disagreements.add(step.name() + ": " + step.line() + "\n  kernel   " + step.masked(kernel.get(i)) + "\n  compat32 "
              + step.masked(answer));
        }
      }
    }
    System.out.printf("differential fuzz seed %d: %d ioctls compared%n", SEED, compared);
    assertThat(disagreements).as("seed %d", SEED).isEmpty();
  }

  private static ScriptStep step(Random random, IoctlEntry entry, String slot) {
    int roll = random.nextInt(10);
    if (entry.decoder() == null || roll == 0) {
      // a value argument, or a pointer given a value
      return ScriptStep.ioctl(entry.name(), slot, entry.guestNumber(), "val:" + random.nextInt(4), 0, "-");
    }
    if (roll == 1) {
      return ScriptStep.ioctl(entry.name() + " (bad pointer)", slot, entry.guestNumber(), "ptr:0xfffff000", 0, "-");
    }
    byte[] bytes = new byte[(int) Math.min(entry.argumentSize(), INSIDE)];
    if (random.nextBoolean()) {
      random.nextBytes(bytes);
    }
    List<Mask> masks = new ArrayList<>();
    List<int[]> fixes = new ArrayList<>();
    for (long offset : pointerOffsets(entry)) {
      if (offset + 4 > bytes.length) {
        continue;
      }
      int choice = random.nextInt(3);
      int value = choice == 0 ? 0 : 0xfffff000;
      for (int b = 0; b < 4; b++) {
        bytes[(int) offset + b] = (byte) (value >>> (8 * b));
      }
      if (choice == 2) {
        fixes.add(new int[] {(int) offset, INSIDE});
        masks.add(new Mask((int) offset, (int) offset + 4, "a pointer to the argument buffer, which lies elsewhere in each process"));
      }
    }
    ScriptStep step = ScriptStep.ioctl(entry.name(), slot, entry.guestNumber(), "buf", LENGTH,
        bytes.length == 0 ? "-" : HexFormat.of().formatHex(bytes), masks.toArray(Mask[]::new));
    for (int[] fix : fixes) {
      step = step.withFix(fix[0], fix[1]);
    }
    return step;
  }

  /** Where the argument's struct holds pointers, at any depth, on the guest ABI of the entry. */
  private static List<Long> pointerOffsets(IoctlEntry entry) {
    List<Long> out = new ArrayList<>();
    String cType = entry.argument().replaceAll("\\s*\\*$", "");
    Optional<StructLayout> layout = Bundled.layouts().specs().structs().stream()
        .flatMap(s -> Bundled.layouts().struct(entry.abi(), s).stream())
        .filter(l -> l.cType().equals(cType)).findFirst();
    layout.ifPresent(l -> collect(l.layout(), 0, out));
    return out;
  }

  private static void collect(AggregateLayout layout, long base, List<Long> out) {
    for (AggregateLayout.Member member : layout.members()) {
      pointers(member.type(), base + member.offset(), out);
    }
  }

  private static void pointers(CType type, long at, List<Long> out) {
    switch (CType.unwrap(type)) {
      case CType.Pointer p -> out.add(at);
      case CType.Aggregate a -> collect(a.layout(), at, out);
      case CType.Array a when a.length() != TypeExpr.FLEXIBLE -> {
        for (int i = 0; i < a.length(); i++) {
          pointers(a.element(), at + (long) i * a.element().size(), out);
        }
      }
      default -> { }
    }
  }
}
