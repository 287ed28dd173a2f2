package dev.compat32.generator.emit;

import com.palantir.javapoet.JavaFile;
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

  public static List<OutputFile> emit(CodegenPlan plan) throws SpecException {
    Diagnostics diagnostics = new Diagnostics();
    List<JavaFile> files = new ArrayList<>();
    for (StructSpec struct : plan.layouts().specs().structs()) {
      if (plan.layouts().struct(plan.hostAbi(), struct).isEmpty()) {
        continue;
      }
      if (plan.isOwn(struct)) {
        for (String abi : plan.classAbis(struct)) {
          files.add(new StructCodecEmitter(plan, struct, abi, CodegenPlan.Choice.NONE, diagnostics).emit());
        }
      }
      for (CodegenPlan.Choice choice : plan.choices(struct)) {
        for (String abi : plan.classAbis(struct)) {
          files.add(new StructCodecEmitter(plan, struct, abi, choice, diagnostics).emit());
        }
      }
    }
    files.addAll(new IoctlTableEmitter(plan, diagnostics).emit());
    diagnostics.throwIfErrors();
    List<OutputFile> out = new ArrayList<>();
    for (JavaFile file : files) {
      Path path = Path.of(file.packageName().replace('.', '/'), file.typeSpec().name() + ".java");
      out.add(new OutputFile(path, file.toString()));
    }
    return out;
  }
}
