package dev.compat32.generator.importer;

import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.AbiSpec;
import dev.compat32.generator.spec.SpecFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Imports ioctl specs from UAPI headers through the compilers' own view, as a pipeline of passes:
 * {@link HeaderScanner} lists each header's macros, {@link MacroExpander} finds the ioctl forms,
 * {@link ValueProbe} measures their numbers on every ABI, {@link ClangAstReader} reads the records,
 * {@link TypeClosure} follows the argument types, {@link LayoutProbes} compares their layouts across
 * ABIs, {@link SpecYamlWriter} writes one spec per family, and {@link ConformancePass} checks those
 * against every compiler, leaving out what disagrees. Nothing is written here: the result holds the
 * files, for {@link ImportOutput} to write once everything succeeded.
 */
public final class HeaderImporter {
  private final ImportRequest request;
  private final Toolchain tools;

  private HeaderImporter(ImportRequest request) {
    this.request = request;
    this.tools = new Toolchain(request);
  }

  public static ImportResult run(ImportRequest request) throws IOException {
    return new HeaderImporter(request).run();
  }

  /** A header's first passes: its scan, the ioctl macros found, their numbers per ABI, its AST. */
  private record HeaderWork(HeaderScanner.Scan scan, MacroExpander.Expansion expansion, Map<String, Map<String, Long>> numbers,
      DeclaredTypes types) {}

  private ImportResult run() throws IOException {
    List<String> headers = new ArrayList<>(new TreeSet<>(request.headers()));
    List<String> abis = tools.abis();
    if (!abis.contains(request.guestAbi()) || !abis.contains(request.hostAbi())) {
      throw new IOException("the base specs have no probe compiler for " + request.guestAbi() + " or " + request.hostAbi()
          + "; measured ABIs: " + abis);
    }
    Map<String, Long> millis = new LinkedHashMap<>();
    long start = System.nanoTime();
    List<HeaderWork> work = parallel(headers, this::firstPasses);
    millis.put("scan, expand, numbers, AST", (System.nanoTime() - start) / 1_000_000);
    start = System.nanoTime();
    SortedMap<String, String> skippedHeaders = new TreeMap<>();
    SortedMap<String, String> skippedMacros = new TreeMap<>();
    Map<String, String> headerOfPath = new HashMap<>();
    for (HeaderWork w : work) {
      w.scan().failure().ifPresent(f -> skippedHeaders.put(w.scan().header(), f));
      w.scan().path().ifPresent(p -> headerOfPath.putIfAbsent(p, w.scan().header()));
    }
    Function<String, Optional<String>> headerOfFile = file -> Optional.ofNullable(headerOfPath.get(file));
    TypeClosure closure = new TypeClosure(knownNames(request.base()), headerOfFile);

    // Pass 3, in header order so the first declaration wins: argument types and what they reach.
    Set<String> seenMacros = new HashSet<>();
    Map<String, TypeClosure.Resolved> argOf = new HashMap<>();
    Map<String, List<IoctlMacro>> macrosOf = new LinkedHashMap<>();
    Map<String, List<ImportedRecord>> probeRecords = new LinkedHashMap<>();
    Set<String> probedRecords = new HashSet<>();
    Map<String, HeaderWork> byHeader = new LinkedHashMap<>();
    for (HeaderWork w : work) {
      if (w.expansion() == null) {
        continue;
      }
      String header = w.scan().header();
      byHeader.put(header, w);
      w.expansion().skipped().forEach(skippedMacros::putIfAbsent);
      List<IoctlMacro> kept = new ArrayList<>();
      for (IoctlMacro macro : w.expansion().ioctls()) {
        Optional<String> missing = abis.stream().filter(a -> !w.numbers().get(a).containsKey(LayoutProbes.numberKey(macro.name())))
            .findFirst();
        if (missing.isPresent()) {
          if (!macro.fixed()) {
            skippedMacros.putIfAbsent(macro.name(), header + ": no constant value on " + missing.get());
          }
          continue;
        }
        long host = w.numbers().get(request.hostAbi()).get(LayoutProbes.numberKey(macro.name()));
        if (macro.fixed() && !FixedNumberFamilies.isNumber(header, bodyOf(w.scan(), macro.name()), host)) {
          continue;
        }
        if (!seenMacros.add(macro.name())) {
          skippedMacros.putIfAbsent(macro.name(), header + ": also defined by an earlier header");
          continue;
        }
        kept.add(macro);
        macro.sizeofType().ifPresent(t -> argOf.put(macro.name(), closure.resolve(t, w.types(), header)));
      }
      macrosOf.put(header, kept);
      List<ImportedRecord> mine = new ArrayList<>();
      for (ImportedRecord record : closure.records().values()) {
        if (record.problem().isEmpty() && probedRecords.add(record.name())) {
          mine.add(record);
        }
      }
      probeRecords.put(header, mine);
    }

    millis.put("type closure", (System.nanoTime() - start) / 1_000_000);
    start = System.nanoTime();
    // Pass 4: layouts per ABI, each header's types measured in its own translation unit.
    Map<String, String> layoutFailures = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> probed = new ArrayList<>(macrosOf.keySet());
    List<Map<String, Map<String, Long>>> layouts = parallel(probed, header -> {
      Map<String, String> expressions = new LinkedHashMap<>();
      for (IoctlMacro macro : macrosOf.get(header)) {
        macro.sizeofType().filter(t -> argOf.get(macro.name()).problem().isEmpty())
            .ifPresent(t -> LayoutProbes.addType(expressions, t));
      }
      probeRecords.get(header).forEach(r -> LayoutProbes.addRecord(expressions, r));
      Map<String, Map<String, Long>> byAbi = new LinkedHashMap<>();
      for (String abi : abis) {
        try {
          byAbi.put(abi, expressions.isEmpty() ? Map.of()
              : ValueProbe.measure(abi, header, expressions, tools, dir(header, "layout-" + abi)));
        } catch (ValueProbe.ProbeFailure e) {
          layoutFailures.put(header, "its layout probe " + e.getMessage());
          byAbi.put(abi, Map.of());
        }
      }
      return byAbi;
    });
    millis.put("layouts", (System.nanoTime() - start) / 1_000_000);
    Map<String, Map<String, Long>> allByAbi = new LinkedHashMap<>();
    for (String abi : abis) {
      Map<String, Long> merged = new HashMap<>();
      layouts.forEach(l -> merged.putAll(l.get(abi)));
      allByAbi.put(abi, merged);
    }
    Set<String> allKeys = new HashSet<>();
    allByAbi.values().forEach(v -> allKeys.addAll(v.keySet()));

    // Classification, per macro.
    List<ClassifiedIoctl> classified = new ArrayList<>();
    for (Map.Entry<String, List<IoctlMacro>> entry : macrosOf.entrySet()) {
      HeaderWork w = byHeader.get(entry.getKey());
      for (IoctlMacro macro : entry.getValue()) {
        Map<String, Long> numbers = new LinkedHashMap<>();
        for (String abi : abis) {
          numbers.put(abi, w.numbers().get(abi).get(LayoutProbes.numberKey(macro.name())));
        }
        TypeClosure.Resolved arg = argOf.get(macro.name());
        if (arg != null && layoutFailures.containsKey(entry.getKey())) {
          arg = new TypeClosure.Resolved(arg.spelled(), arg.pointer(), Optional.of(layoutFailures.get(entry.getKey())), arg.records());
        }
        classified.add(classify(macro, numbers, arg, allByAbi, allKeys));
      }
    }
    millis.put("classification", 0L);
    start = System.nanoTime();
    // Pass 6: what a compiler disagrees with is left out, and the rest checked again.
    Map<String, String> rejected = new TreeMap<>();
    Set<String> failedFamilies = new HashSet<>();
    SortedMap<String, String> files = files(classified, closure, rejected.keySet());
    for (int round = 1; ; round++) {
      ConformancePass.Rejections found = ConformancePass.check(baseFiles(), files, familyOfFile(files.keySet(), classified, closure),
          request.workDirectory().resolve("conformance-" + round), includeFlags());
      if (found.isEmpty()) {
        break;
      }
      if (round == 4) {
        throw new IOException("the imported specs still disagree with the compilers after " + round + " rounds: " + found);
      }
      found.structs().forEach(rejected::putIfAbsent);
      found.families().forEach((f, why) -> closure.records().values().stream().filter(r -> r.family().equals(f))
          .forEach(r -> rejected.putIfAbsent(r.name(), f + ": " + why)));
      List<ClassifiedIoctl> next = new ArrayList<>();
      for (ClassifiedIoctl ioctl : classified) {
        String header = ioctl.macro().header();
        Optional<String> why = Optional.ofNullable(found.ioctls().get(ioctl.macro().name()))
            .or(() -> Optional.ofNullable(found.families().get(header)).map(w -> header + ": " + w))
            .or(() -> Optional.ofNullable(argOf.get(ioctl.macro().name())).flatMap(a -> a.records().stream()
                .filter(r -> reaches(closure, r, rejected.keySet())).findFirst()).map(r -> r + ": " + rejectedReason(closure, r, rejected)));
        if (why.isEmpty()) {
          next.add(ioctl);
        } else if (ioctl.kind().served() || ioctl.kind() == IoctlClass.POINTER) {
          next.add(new ClassifiedIoctl(ioctl.macro(), IoctlClass.NOT_IMPORTED, ioctl.numbers(), Optional.empty(),
              Optional.of("left out: " + why.get())));
        } else if (found.ioctls().containsKey(ioctl.macro().name()) || failedFamilies.contains(header)) {
          skippedMacros.putIfAbsent(ioctl.macro().name(), header + ": " + why.get());
        } else {
          next.add(ioctl);
        }
      }
      failedFamilies.addAll(found.families().keySet());
      classified = next;
      files = files(classified, closure, rejected.keySet());
    }
    millis.put("conformance", (System.nanoTime() - start) / 1_000_000);
    SortedMap<Long, List<String>> collisions = collisions(classified);
    return new ImportResult(List.copyOf(classified), files, skippedHeaders, skippedMacros, collisions, headers.size(), millis);
  }

  private ClassifiedIoctl classify(IoctlMacro macro, Map<String, Long> numbers, TypeClosure.Resolved arg,
      Map<String, Map<String, Long>> byAbi, Set<String> keys) {
    if (arg == null) {
      return new ClassifiedIoctl(macro, IoctlClass.NO_ARGUMENT, numbers, Optional.empty(),
          Optional.of(macro.fixed() ? "a fixed number: the header names no argument type; needs an overlay"
              : "the header names no argument type; needs an overlay"));
    }
    if (arg.problem().isPresent()) {
      return new ClassifiedIoctl(macro, IoctlClass.NOT_IMPORTED, numbers, Optional.empty(),
          Optional.of("cannot import the argument: " + arg.problem().get()));
    }
    if (arg.pointer()) {
      return new ClassifiedIoctl(macro, IoctlClass.POINTER, numbers, Optional.of(arg.spelled()),
          Optional.of(SpecYamlWriter.POINTER_REASON));
    }
    String typeKey = LayoutProbes.typeKey(macro.sizeofType().orElseThrow());
    Optional<String> absent = byAbi.entrySet().stream().filter(e -> !e.getValue().containsKey(typeKey)
        || arg.records().stream().anyMatch(r -> !e.getValue().containsKey(LayoutProbes.recordKey(r) + "size")))
        .map(Map.Entry::getKey).findFirst();
    if (absent.isPresent()) {
      return new ClassifiedIoctl(macro, IoctlClass.NOT_IMPORTED, numbers, Optional.empty(),
          Optional.of("its argument type is not declared alike on " + absent.get()));
    }
    boolean sameNumber = numbers.values().stream().distinct().count() == 1;
    boolean sameLayout = LayoutProbes.sameValue(typeKey, byAbi)
        && arg.records().stream().allMatch(r -> LayoutProbes.same(LayoutProbes.recordKey(r), byAbi, keys));
    IoctlClass kind = sameNumber ? (sameLayout ? IoctlClass.PASSTHROUGH : IoctlClass.SAME_NUMBER_DIFFERENT_LAYOUT)
        : IoctlClass.TRANSLATED;
    return new ClassifiedIoctl(macro, kind, numbers, Optional.of(arg.spelled()), Optional.empty());
  }

  private SortedMap<Long, List<String>> collisions(List<ClassifiedIoctl> ioctls) {
    SortedMap<Long, List<String>> byNumber = new TreeMap<>();
    for (ClassifiedIoctl ioctl : ioctls) {
      byNumber.computeIfAbsent(ioctl.numbers().get(request.guestAbi()), n -> new ArrayList<>()).add(ioctl.macro().name());
    }
    byNumber.values().removeIf(names -> names.size() < 2);
    byNumber.values().forEach(names -> names.sort(Comparator.naturalOrder()));
    return byNumber;
  }

  /** Whether {@code record} is rejected or reaches one that is. */
  private static boolean reaches(TypeClosure closure, String record, Set<String> rejected) {
    ImportedRecord imported = closure.records().get(record);
    return rejected.contains(record) || imported != null && imported.reached().stream().anyMatch(rejected::contains);
  }

  private static String rejectedReason(TypeClosure closure, String record, Map<String, String> rejected) {
    return rejected.getOrDefault(record, closure.records().get(record).reached().stream().filter(rejected::containsKey)
        .findFirst().map(r -> r + ": " + rejected.get(r)).orElse("rejected"));
  }

  private List<Path> baseFiles() {
    return request.base().specs().files().stream().map(SpecFile::path).toList();
  }

  private List<String> includeFlags() {
    return request.includeDirectories().stream().map(d -> "-I" + d.toAbsolutePath()).toList();
  }

  private static Map<String, String> familyOfFile(Set<String> paths, List<ClassifiedIoctl> ioctls, TypeClosure closure) {
    Map<String, String> out = new HashMap<>();
    ioctls.forEach(i -> out.put(specPath(i.macro().header()), i.macro().header()));
    closure.records().values().forEach(r -> out.put(specPath(r.family()), r.family()));
    closure.typedefs().values().forEach(t -> out.put(specPath(t.family()), t.family()));
    out.keySet().retainAll(paths);
    return out;
  }

  private SortedMap<String, String> files(List<ClassifiedIoctl> ioctls, TypeClosure closure, Set<String> rejected) {
    Set<String> families = new TreeSet<>();
    ioctls.forEach(i -> families.add(i.macro().header()));
    closure.records().values().stream().filter(r -> r.problem().isEmpty() && !reaches(closure, r.name(), rejected))
        .forEach(r -> families.add(r.family()));
    closure.typedefs().values().forEach(t -> families.add(t.family()));
    SortedMap<String, String> files = new TreeMap<>();
    for (String family : families) {
      List<ImportedTypedef> typedefs = closure.typedefs().values().stream()
          .filter(t -> t.family().equals(family) && !reaches(closure, CSpelling.parse(t.target()).base(), rejected))
          .sorted(Comparator.comparing(ImportedTypedef::name)).toList();
      List<ImportedRecord> records = closure.records().values().stream()
          .filter(r -> r.family().equals(family) && r.problem().isEmpty() && !reaches(closure, r.name(), rejected))
          .sorted(Comparator.comparing(ImportedRecord::name)).toList();
      List<ClassifiedIoctl> mine = ioctls.stream().filter(i -> i.macro().header().equals(family))
          .sorted(Comparator.comparingInt(i -> i.macro().ordinal())).toList();
      String path = specPath(family);
      String schema = "../".repeat((int) path.chars().filter(c -> c == '/').count() + 1) + "compat32-spec.schema.json";
      files.put(path, SpecYamlWriter.write(family, schema, typedefs, records, mine, request.hostAbi()));
    }
    return files;
  }

  /** {@code linux/fs.h} goes to {@code linux/fs.yaml} below the output folder. */
  static String specPath(String header) {
    return header.replaceAll("\\.h$", "") + ".yaml";
  }

  private HeaderWork firstPasses(String header) throws IOException {
    HeaderScanner.Scan scan = HeaderScanner.scan(header, tools, dir(header, "scan"));
    if (scan.failure().isPresent() || scan.macros().isEmpty()) {
      return new HeaderWork(scan, null, Map.of(), null);
    }
    MacroExpander.Expansion expansion = MacroExpander.expand(scan, tools, dir(header, "expand"));
    if (expansion.ioctls().isEmpty()) {
      return new HeaderWork(scan, expansion, Map.of(), null);
    }
    Map<String, Map<String, Long>> numbers = new LinkedHashMap<>();
    Map<String, String> expressions = LayoutProbes.numbers(expansion.ioctls());
    try {
      for (String abi : tools.abis()) {
        numbers.put(abi, ValueProbe.measure(abi, header, expressions, tools, dir(header, "numbers-" + abi)));
      }
    } catch (ValueProbe.ProbeFailure e) {
      return new HeaderWork(new HeaderScanner.Scan(header, scan.path(), List.of(), Optional.of(e.getMessage())), null,
          Map.of(), null);
    }
    if (expansion.ioctls().stream().allMatch(m -> m.sizeofType().isEmpty())) {
      return new HeaderWork(scan, expansion, numbers, new DeclaredTypes());
    }
    Path astDir = dir(header, "ast");
    java.nio.file.Files.createDirectories(astDir);
    Path source = astDir.resolve("ast.c");
    java.nio.file.Files.writeString(source, Toolchain.PRELUDE + "#include <" + header + ">\n");
    Path json = astDir.resolve("ast.json");
    ToolRun.Result ast = ToolRun.run(tools.ast(source), astDir, json, false);
    if (!ast.ok()) {
      return new HeaderWork(new HeaderScanner.Scan(header, scan.path(), List.of(),
          Optional.of("clang: " + HeaderScanner.firstError(ast.errors()))), null, Map.of(), null);
    }
    DeclaredTypes types = ClangAstReader.read(json);
    java.nio.file.Files.deleteIfExists(json);
    return new HeaderWork(scan, expansion, numbers, types);
  }

  private static String bodyOf(HeaderScanner.Scan scan, String macro) {
    return scan.macros().stream().filter(m -> m.name().equals(macro)).map(HeaderScanner.Macro::body).findFirst().orElse("");
  }

  private Path dir(String header, String pass) {
    return request.workDirectory().resolve(header.replace('/', '_')).resolve(pass);
  }

  /** Names the base specs declare: typedefs (shared and each ABI's) and structs. */
  private static Set<String> knownNames(LayoutSet base) {
    Set<String> names = new HashSet<>();
    for (SpecFile file : base.specs().files()) {
      file.typedefs().forEach(t -> names.add(t.name()));
      file.structs().forEach(s -> names.add(s.name()));
    }
    for (AbiSpec abi : base.specs().abis()) {
      names.addAll(abi.typedefs().keySet());
    }
    return names;
  }

  private interface Pass<T> {
    T apply(String header) throws IOException;
  }

  private <T> List<T> parallel(List<String> headers, Pass<T> pass) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(request.threads());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (String header : headers) {
        futures.add(pool.submit(() -> pass.apply(header)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> future : futures) {
        out.add(future.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
