package dev.compat32.generator.layout;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SpecException;
import dev.compat32.generator.spec.AbiSpec;
import dev.compat32.generator.spec.SpecSet;
import dev.compat32.generator.spec.StructSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes every struct's layout and every ioctl's number on every ABI, and checks what only a
 * resolved layout can tell: unknown types, cycles, count and selector fields, numbers that do not
 * fit their encoding. All problems of a run are collected before failing.
 */
public final class LayoutEngine {
  private LayoutEngine() {}

  public static LayoutSet compute(SpecSet specs) throws SpecException {
    Diagnostics diagnostics = new Diagnostics();
    LayoutSet layouts = compute(specs, diagnostics);
    diagnostics.throwIfErrors();
    return layouts;
  }

  /** Lays out what can be laid out, adding problems to {@code diagnostics}. */
  public static LayoutSet compute(SpecSet specs, Diagnostics diagnostics) {
    List<String> abis = specs.abis().stream().map(AbiSpec::name).toList();
    Map<String, Map<String, StructLayout>> structs = new LinkedHashMap<>();
    Map<String, Map<String, Long>> numbers = new LinkedHashMap<>();
    Map<String, AbiTypeResolver> resolvers = new LinkedHashMap<>();
    for (String abi : abis) {
      AbiTypeResolver resolver = new AbiTypeResolver(specs, abi, diagnostics);
      resolvers.put(abi, resolver);
      Map<String, StructLayout> layouts = new LinkedHashMap<>();
      for (StructSpec struct : specs.structs()) {
        if (!presentOn(struct.abis(), abi, specs)) {
          continue;
        }
        resolver.struct(struct).ifPresent(layout -> {
          String cType = struct.cType().resolve(abi, specs::parentOf).orElse("struct " + struct.name());
          StructLayout structLayout = new StructLayout(struct.name(), abi, cType, layout);
          MemberReferences.check(structLayout, diagnostics);
          layouts.put(struct.name(), structLayout);
        });
      }
      structs.put(abi, layouts);
      numbers.put(abi, new IoctlNumbering(specs, resolver, diagnostics).numberAll());
    }
    return new LayoutSet(specs, abis, structs, numbers, resolvers);
  }

  static boolean presentOn(Set<String> only, String abi, SpecSet specs) {
    if (only.isEmpty()) {
      return true;
    }
    for (Optional<String> at = Optional.of(abi); at.isPresent(); at = specs.parentOf(at.get())) {
      if (only.contains(at.get())) {
        return true;
      }
    }
    return false;
  }
}
