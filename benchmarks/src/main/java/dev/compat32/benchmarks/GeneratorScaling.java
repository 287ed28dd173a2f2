package dev.compat32.benchmarks;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.spec.SpecLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The generator on a synthetic spec set of N structs and N ioctls, in a fresh JVM: the time of the
 * first generation (what a clean build pays, JIT warm-up included), of a second, no-op run on
 * unchanged specs, and the peak heap and resident memory. Also writes a Maven project around the
 * specs, so benchmarks/run can time the plugin itself.
 *
 * <p>Usage: {@code GeneratorScaling N BUNDLED_SPECS WORK_DIR COMPAT32_VERSION}; prints one JSON line.
 */
public final class GeneratorScaling {
  private GeneratorScaling() {}

  public static void main(String[] args) throws Exception {
    int structs = Integer.parseInt(args[0]);
    Path bundled = Path.of(args[1]);
    Path work = Path.of(args[2]);
    Path specs = SyntheticSpecs.write(structs, bundled, work.resolve("src/main/compat32"));
    writePom(work, args[3]);

    List<Path> files = SpecLoader.findSpecFiles(List.of(specs));
    GeneratorRequest request = GeneratorRequest.builder().addSpecFiles(files).specRoot(specs)
        .sourceDirectory(work.resolve("target/in-jvm-sources")).packageName("synthetic.compat").build();
    long start = System.nanoTime();
    Generator.Result first = Generator.run(request);
    long generated = System.nanoTime();
    Generator.Result again = Generator.run(request);
    long noop = System.nanoTime();
    if (again.changedAnything()) {
      throw new IllegalStateException("the second run wrote files");
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "{\"requested\": %d, \"structs\": %d, \"ioctls\": %d, \"files\": %d, \"javaFiles\": %d, \"generateMs\": %.1f,"
            + " \"noopMs\": %.1f, \"peakHeapMb\": %.1f, \"peakRssMb\": %.1f}%n",
        structs, first.structs(), first.ioctls(), files.size(), first.written().size(), (generated - start) / 1e6, (noop - generated) / 1e6,
        peakHeap / 1048576.0, peakRss() / 1024.0);
  }

  private static void writePom(Path work, String version) throws IOException {
    Files.writeString(work.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>synthetic</groupId>
          <artifactId>scaling</artifactId>
          <version>1</version>
          <build>
            <plugins>
              <plugin>
                <groupId>dev.compat32</groupId>
                <artifactId>compat32-maven-plugin</artifactId>
                <version>%s</version>
                <configuration>
                  <packageName>synthetic.compat</packageName>
                </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(version));
  }

  /** The process's peak resident set, in KiB. */
  private static long peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
