package dev.compat32.generator;

import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;

/** The specs this project ships, as the tests see them (the build passes their folder). */
public final class BundledSpecs {
  private static LayoutSet layouts;

  private BundledSpecs() {}

  public static Path root() {
    String dir = System.getProperty("compat32.bundledSpecs", "../specs");
    return Path.of(dir).toAbsolutePath().normalize();
  }

  public static synchronized LayoutSet layouts() throws SpecException {
    if (layouts == null) {
      layouts = Generator.layOut(SpecLoader.findSpecFiles(List.of(root())));
    }
    return layouts;
  }
}
