package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ABI as data: C base type sizes and alignments, byte order, the {@code _IOC} encoding, its own
 * typedefs and how to ask its compiler. An ABI that {@code extends} another inherits all of it and
 * is reported as a variant of it (i386-time64 of i386).
 */
public record AbiSpec(
    String name,
    SourceLocation location,
    Optional<String> extendsAbi,
    Optional<String> byteOrder,
    Optional<Boolean> charSigned,
    Map<String, BaseType> baseTypes,
    Optional<IocEncoding> ioc,
    Map<String, TypedefSpec> typedefs,
    Optional<Probe> probe) {

  /** The size and alignment (inside structs) of one C base type. */
  public record BaseType(String name, int size, int align, SourceLocation location) {}

  /** The bit widths of {@code _IOC}'s fields and its direction codes. */
  public record IocEncoding(int nrBits, int typeBits, int sizeBits, int dirBits, int none, int write, int read) {}

  /**
   * The compiler command that checks this ABI, whether its probes are run (else values are read
   * back from symbol sizes with {@code nm}), and the emulator that runs them where the kernel
   * cannot (empty: none).
   */
  public record Probe(List<String> compiler, boolean run, List<String> emulator) {
    public Probe {
      compiler = List.copyOf(compiler);
      emulator = List.copyOf(emulator);
    }
  }

  public AbiSpec {
    baseTypes = Map.copyOf(baseTypes);
    typedefs = Map.copyOf(typedefs);
  }
}
