package dev.compat32.generator.emit;

import com.palantir.javapoet.JavaFile;
import dev.compat32.generator.check.ConversionCheck;
import dev.compat32.generator.check.IoctlRoutes;
import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.output.OutputFile;
import dev.compat32.generator.spec.StructSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders all generated Java of a plan: a codec class per struct layout and choice, the ioctl numbers and table. */
public final class CodeEmitter {
  private CodeEmitter() {}

  /** One codec class to emit. */
  private record Task(StructSpec struct, String abi, CodegenPlan.Choice choice) {}

  public static List<OutputFile> emit(CodegenPlan plan) throws SpecException {
    Diagnostics diagnostics = new Diagnostics();
    // every check before anything is printed: the emitters below only print what passed
    ConversionCheck.run(plan, diagnostics);
    List<IoctlRoutes.Command> commands = IoctlRoutes.compute(plan, diagnostics);
    diagnostics.throwIfErrors();
    List<Task> tasks = new ArrayList<>();
    for (StructSpec struct : plan.layouts().specs().structs()) {
      if (plan.layouts().struct(plan.hostAbi(), struct).isEmpty()) {
        continue;
      }
      if (plan.isOwn(struct)) {
        plan.classAbis(struct).forEach(abi -> tasks.add(new Task(struct, abi, CodegenPlan.Choice.NONE)));
      }
      for (CodegenPlan.Choice choice : plan.choices(struct)) {
        plan.classAbis(struct).forEach(abi -> tasks.add(new Task(struct, abi, choice)));
      }
    }
    // each class is independent: emit and render side by side, keeping the order; rendering at once
    // lets each JavaPoet model go, which keeps the live heap (and the collector's pauses) small
    List<OutputFile> out = new ArrayList<>(tasks.parallelStream()
        .map(task -> render(new StructCodecEmitter(plan, task.struct(), task.abi(), task.choice()).emit()))
        .toList());
    new IoctlTableEmitter(plan, commands).emit().forEach(file -> out.add(render(file)));
    return out;
  }

  private static OutputFile render(JavaFile file) {
    return new OutputFile(Path.of(file.packageName().replace('.', '/'), file.typeSpec().name() + ".java"), file.toString());
  }
}
