package dev.compat32.runtime.testing;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.SpecLoader;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.runtime.codec.StructCodec;
import java.nio.file.Path;
import java.util.List;

/** The bundled specs as the runtime was generated from them, to find each struct's codec in tests. */
public final class Bundled {
  public static final String PACKAGE = "dev.compat32.runtime.generated";
  private static CodegenPlan plan;

  private Bundled() {}

  public static Path specs() {
    return Path.of(System.getProperty("compat32.bundledSpecs", "../specs")).toAbsolutePath().normalize();
  }

  public static synchronized CodegenPlan plan() {
    if (plan == null) {
      try {
        List<Path> files = SpecLoader.findSpecFiles(List.of(specs()));
        GeneratorRequest request = GeneratorRequest.builder().addSpecFiles(files).packageName(PACKAGE).build();
        LayoutSet layouts = Generator.layOut(request);
        plan = Generator.plan(request, layouts);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return plan;
  }

  public static LayoutSet layouts() {
    return plan().layouts();
  }

  /** The generated codec of {@code struct} for guest {@code abi}. */
  public static StructCodec codec(StructSpec struct, String abi) {
    return codec(struct, abi, CodegenPlan.Choice.NONE);
  }

  /** The generated class of {@code struct} for guest {@code abi}: its codec, constants and value record. */
  public static Class<?> codecType(StructSpec struct, String abi) {
    String name = plan().codecClass(struct, abi, CodegenPlan.Choice.NONE).reflectionName();
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("no generated class " + name, e);
    }
  }

  public static StructCodec codec(StructSpec struct, String abi, CodegenPlan.Choice choice) {
    String name = plan().codecClass(struct, abi, choice).reflectionName();
    try {
      return (StructCodec) Class.forName(name).getField("CODEC").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no generated codec " + name, e);
    }
  }
}
