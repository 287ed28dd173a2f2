package dev.compat32.benchmarks;

import dev.compat32.generator.Generator;
import dev.compat32.generator.GeneratorRequest;
import dev.compat32.generator.spec.SpecLoader;
import dev.compat32.runtime.ioctl.IoctlDispatcher;
import dev.compat32.runtime.ioctl.IoctlTable;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import java.io.StringWriter;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The dispatch table at full UAPI size, for benchmarks/run: {@code prepare N DIR} generates a table
 * of N synthetic commands (each with its struct codec) and compiles it into DIR; {@code start DIR
 * PACKAGE} then runs in a fresh JVM and prints, as one JSON line, the time from JVM start to the
 * first dispatched ioctl (class loading and table construction included), the time to build the
 * entry list tools read, and the heap the table keeps. Per-call cost at both sizes is {@link TableDispatchBenchmark}.
 */
public final class TableScaling {
  static final String PACKAGE = "synthetic.table";

  private TableScaling() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "prepare" -> prepare(Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3]));
      case "start" -> start(Path.of(args[1]), args[2], args[3]);
      default -> throw new IllegalArgumentException("usage: prepare N BUNDLED_SPECS DIR | start DIR|bundled PACKAGE COMMAND");
    }
  }

  /** Generates and compiles a table of {@code commands} synthetic ioctls into {@code dir}/classes. */
  static Path prepare(int commands, Path bundled, Path dir) throws Exception {
    Path specs = SyntheticSpecs.write(commands, bundled, dir.resolve("specs"));
    Path sources = dir.resolve("sources");
    long start = System.nanoTime();
    Generator.Result result = Generator.run(GeneratorRequest.builder().addSpecFiles(SpecLoader.findSpecFiles(List.of(specs)))
        .specRoot(specs).sourceDirectory(sources).packageName(PACKAGE).build());
    long generated = System.nanoTime();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter messages = new StringWriter();
    List<Path> java;
    try (Stream<Path> files = Files.walk(sources)) {
      java = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    try (var files = javac.getStandardFileManager(null, null, null)) {
      if (!javac.getTask(messages, files, null, List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
          "-proc:none"), null, files.getJavaFileObjectsFromPaths(java)).call()) {
        throw new IllegalStateException("javac failed:\n" + messages);
      }
    }
    long compiled = System.nanoTime();
    System.out.printf(Locale.ROOT, "{\"commands\": %d, \"ioctls\": %d, \"javaFiles\": %d, \"generateMs\": %.0f, \"compileMs\": %.0f}%n",
        commands, result.ioctls(), java.size(), (generated - start) / 1e6, (compiled - generated) / 1e6);
    return classes;
  }

  /**
   * Loads a table (from {@code classes}, or the bundled one when it is "bundled") and dispatches
   * one call of the command named {@code command} (its i386 number from {@code CompatIoctls}), as
   * an emulator's first ioctl does; then builds the entry list tools use, timed on its own.
   */
  private static void start(Path classes, String pkg, String command) throws Exception {
    Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
    long heapBefore = usedHeap();
    ClassLoader loader = classes.toString().equals("bundled") ? TableScaling.class.getClassLoader()
        : new URLClassLoader(new URL[] {classes.toUri().toURL()}, TableScaling.class.getClassLoader());
    long loadStart = System.nanoTime();
    IoctlTable table = (IoctlTable) loader.loadClass(pkg + ".CompatIoctlTable").getField("INSTANCE").get(null);
    int number = loader.loadClass(pkg + ".CompatIoctls$I386").getField(command).getInt(null);
    int answer;
    try (Arena arena = Arena.ofConfined()) {
      IoctlDispatcher dispatcher = new IoctlDispatcher(table, SegmentGuestMemory.allocate(arena, 1 << 16));
      answer = dispatcher.ioctl(-1, number, 0x1000);
    }
    long firstCall = System.nanoTime();
    Duration sinceStart = Duration.between(jvmStart, Instant.now());
    int entries = table.entries().size();
    long listed = System.nanoTime();
    long heapAfter = usedHeap();
    System.out.printf(Locale.ROOT, "{\"table\": \"%s\", \"entries\": %d, \"firstCallAfterJvmStartMs\": %d, \"loadAndFirstCallMs\": %.1f,"
            + " \"entryListMs\": %.1f, \"tableHeapKb\": %d, \"answer\": %d}%n",
        classes.toString().equals("bundled") ? "bundled" : classes.getParent().getFileName(), entries, sinceStart.toMillis(),
        (firstCall - loadStart) / 1e6, (listed - firstCall) / 1e6, (heapAfter - heapBefore) / 1024, answer);
    if (entries == 0) {
      throw new IllegalStateException("empty table");
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
