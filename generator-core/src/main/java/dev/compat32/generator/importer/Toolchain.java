package dev.compat32.generator.importer;

import dev.compat32.generator.conformance.ConformanceChecker;
import dev.compat32.generator.spec.AbiSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands the importer runs: the host ABI's compiler to list and expand macros, clang for the
 * AST, and every ABI's own probe compiler (from its spec) for numbers and layouts, all with the
 * request's include folders.
 */
final class Toolchain {
  /** What every translation unit includes first: some UAPI headers use these without including them. */
  static final String PRELUDE = "#include <stddef.h>\n#include <linux/types.h>\n#include <linux/ioctl.h>\n";

  private final List<String> includeFlags;
  private final List<String> host;
  private final Map<String, List<String>> abiCompilers = new LinkedHashMap<>();

  Toolchain(ImportRequest request) {
    this.includeFlags = request.includeDirectories().stream().map(d -> "-I" + d.toAbsolutePath()).toList();
    ConformanceChecker probes = new ConformanceChecker(request.base(), request.workDirectory());
    for (String abi : request.base().abis()) {
      if (request.base().parentOf(abi).isEmpty()) {
        probes.probeOf(abi).map(AbiSpec.Probe::compiler).ifPresent(c -> abiCompilers.put(abi, c));
      }
    }
    this.host = abiCompilers.getOrDefault(request.hostAbi(), List.of("gcc"));
  }

  /** The ABIs measured: every ABI of the base specs that is no variant of another and has a compiler. */
  List<String> abis() {
    return List.copyOf(abiCompilers.keySet());
  }

  /** {@code gcc -E} with {@code extra} flags (e.g. {@code -dD}, {@code -P}). */
  List<String> preprocess(Path source, String... extra) {
    List<String> command = new ArrayList<>(host);
    command.addAll(includeFlags);
    command.add("-E");
    command.addAll(List.of(extra));
    command.add(source.toString());
    return command;
  }

  /** Clang's JSON AST of {@code source}, for the host target. */
  List<String> ast(Path source) {
    List<String> command = new ArrayList<>(List.of("clang", "-Xclang", "-ast-dump=json", "-fsyntax-only", "-w"));
    command.addAll(includeFlags);
    command.add(source.toString());
    return command;
  }

  /** Compiles {@code source} to an object with {@code abi}'s compiler, without linking or running it. */
  List<String> compile(String abi, Path source, Path object) {
    List<String> command = new ArrayList<>(abiCompilers.get(abi));
    command.addAll(includeFlags);
    command.addAll(List.of("-c", "-w", source.toString(), "-o", object.toString()));
    return command;
  }
}
