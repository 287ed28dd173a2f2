package dev.compat32.generator.conformance;

import dev.compat32.generator.diagnostics.Diagnostic;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.AbiSpec;
import dev.compat32.generator.spec.SpecFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Checks layouts and ioctl numbers against the real compilers: one probe per spec file and ABI,
 * compiled against the system's UAPI headers, every reported value compared.
 */
public final class ConformanceChecker {
  private final LayoutSet layouts;
  private final Path workDir;
  private final List<String> extraFlags;

  public ConformanceChecker(LayoutSet layouts, Path workDir) {
    this(layouts, workDir, List.of());
  }

  /** {@code extraFlags} go to every compiler, e.g. {@code -I} for the project's own headers. */
  public ConformanceChecker(LayoutSet layouts, Path workDir, List<String> extraFlags) {
    this.layouts = layouts;
    this.workDir = workDir;
    this.extraFlags = List.copyOf(extraFlags);
  }

  /** The probe settings of {@code abi}, inherited from the ABI it extends where it has none. */
  public Optional<AbiSpec.Probe> probeOf(String abi) {
    for (Optional<String> at = Optional.of(abi); at.isPresent(); at = layouts.parentOf(at.get())) {
      Optional<AbiSpec.Probe> own = layouts.abi(at.get()).flatMap(AbiSpec::probe);
      if (own.isPresent()) {
        List<String> compiler = new ArrayList<>(own.get().compiler());
        compiler.addAll(extraFlags);
        return Optional.of(new AbiSpec.Probe(compiler, own.get().run(), own.get().emulator()));
      }
    }
    return Optional.empty();
  }

  /** ABIs whose compiler cannot be used here, with the reason. */
  public Map<String, String> unavailableAbis() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String abi : layouts.abis()) {
      Optional<AbiSpec.Probe> probe = probeOf(abi);
      if (probe.isEmpty()) {
        out.put(abi, "ABI '" + abi + "' has no 'probe' compiler");
        continue;
      }
      String reason = new CompilerProbe(probe.get()).unavailableReason(workDir);
      if (reason != null) {
        out.put(abi, reason);
      }
    }
    return out;
  }

  /** Checks every file that declares structs or ioctls on {@code abi}, two compilers at a time. */
  public List<ConformanceResult> check(String abi) {
    return check(abi, file -> true);
  }

  /** Checks the files {@code include} accepts on {@code abi}. */
  public List<ConformanceResult> check(String abi, Predicate<Path> include) {
    AbiSpec.Probe probe = probeOf(abi).orElseThrow(() -> new IllegalArgumentException("no probe for " + abi));
    List<SpecFile> files = layouts.specs().files().stream()
        .filter(f -> include.test(f.path()))
        .filter(f -> !f.structs().isEmpty() || !f.ioctls().isEmpty()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    try {
      List<Future<ConformanceResult>> futures = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        SpecFile file = files.get(i);
        Path dir = workDir.resolve(abi).resolve(i + "-" + file.path().getFileName().toString().replaceAll("\\.ya?ml$", ""));
        futures.add(pool.submit(() -> checkFile(file, abi, probe, dir)));
      }
      List<ConformanceResult> results = new ArrayList<>();
      for (Future<ConformanceResult> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A result whose probe did not compile, as a spec problem at the header or struct at fault. */
  public Diagnostic diagnose(ConformanceResult failed) {
    SpecFile file = layouts.specs().files().stream().filter(f -> f.path().equals(failed.file())).findFirst().orElseThrow();
    return ProbeFailureLocator.locate(file, failed.abi(), failed.failure().orElse(""),
        struct -> layouts.struct(failed.abi(), struct).map(StructLayout::cType).orElse("struct " + struct.name()));
  }

  private ConformanceResult checkFile(SpecFile file, String abi, AbiSpec.Probe probe, Path dir) {
    ProbeProgram program = ProbeWriter.write(layouts, file, abi, probe.run());
    Map<Integer, Long> values;
    try {
      values = new CompilerProbe(probe).measure(program, dir);
    } catch (CompilerProbe.ProbeFailure e) {
      return new ConformanceResult(file.path(), abi, 0, List.of(), Optional.of(e.getMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ConformanceResult.Mismatch> mismatches = new ArrayList<>();
    for (ProbeCheck check : program.checks()) {
      Long actual = values.get(check.id());
      if (actual == null || actual != check.expected()) {
        mismatches.add(new ConformanceResult.Mismatch(check, actual));
      }
    }
    return new ConformanceResult(file.path(), abi, program.checks().size(), mismatches, Optional.empty());
  }
}
