package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A struct or union as declared in a spec.
 *
 * @param cType the C spelling per ABI ({@code struct stat64} on i386, {@code struct stat} on x86_64)
 * @param header the UAPI header that declares it, for the compiler probes
 * @param aligned {@code aligned(N)} on the whole type
 * @param defaultMember for a union: the member converted where nothing else (a {@code select}, an
 *     ioctl's {@code live}) says which is live
 */
public record StructSpec(
    String name,
    SourceLocation location,
    AggregateKind kind,
    PerAbi<String> cType,
    String header,
    boolean packed,
    Optional<Integer> aligned,
    List<FieldSpec> fields,
    Set<String> abis,
    Path file,
    Optional<String> defaultMember) {

  public StructSpec {
    fields = List.copyOf(fields);
    abis = Set.copyOf(abis);
  }
}
