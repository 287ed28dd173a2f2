package dev.compat32.generator.layout;

import dev.compat32.generator.spec.AbiSpec;
import dev.compat32.generator.spec.IoctlSpec;
import dev.compat32.generator.spec.SpecSet;
import dev.compat32.generator.spec.StructSpec;
import dev.compat32.generator.spec.TypeExpr;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every struct layout and ioctl number of a spec set, per ABI. Immutable. */
public final class LayoutSet {
  private final SpecSet specs;
  private final List<String> abis;
  private final Map<String, Map<String, StructLayout>> structs;
  private final Map<String, Map<String, Long>> numbers;
  private final Map<String, AbiTypeResolver> resolvers;

  LayoutSet(SpecSet specs, List<String> abis, Map<String, Map<String, StructLayout>> structs,
      Map<String, Map<String, Long>> numbers, Map<String, AbiTypeResolver> resolvers) {
    this.specs = specs;
    this.resolvers = Map.copyOf(resolvers);
    this.abis = List.copyOf(abis);
    this.structs = Map.copyOf(structs);
    this.numbers = Map.copyOf(numbers);
  }

  public SpecSet specs() {
    return specs;
  }

  /** ABI names in report order. */
  public List<String> abis() {
    return abis;
  }

  public Optional<String> parentOf(String abi) {
    return specs.parentOf(abi);
  }

  public Optional<AbiSpec> abi(String name) {
    return specs.abi(name);
  }

  /** The layout of {@code struct} on {@code abi}; empty where the struct does not exist on that ABI. */
  public Optional<StructLayout> struct(String abi, String struct) {
    return Optional.ofNullable(structs.get(abi)).map(m -> m.get(struct));
  }

  public Optional<StructLayout> struct(String abi, StructSpec struct) {
    return struct(abi, struct.name());
  }

  /** Resolves a spec type on {@code abi} (the specs were checked, so names resolve). */
  public Optional<CType> resolve(String abi, TypeExpr type) {
    return Optional.ofNullable(resolvers.get(abi)).flatMap(r -> r.resolve(type));
  }

  /** The number of {@code ioctl} on {@code abi}, as an unsigned 32-bit value. */
  public Optional<Long> number(String abi, IoctlSpec ioctl) {
    return Optional.ofNullable(numbers.get(abi)).map(m -> m.get(ioctl.name()));
  }
}
