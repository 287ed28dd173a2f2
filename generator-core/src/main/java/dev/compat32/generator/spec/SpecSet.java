package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All spec files of a run merged into one namespace: ABIs, typedefs, structs and ioctls by name.
 * Building it reports names declared twice, {@code extends} and per-ABI keys naming no ABI.
 */
public final class SpecSet {
  private final List<SpecFile> files;
  private final Map<String, AbiSpec> abis = new LinkedHashMap<>();
  private final Map<String, TypedefSpec> typedefs = new LinkedHashMap<>();
  private final Map<String, StructSpec> structs = new LinkedHashMap<>();
  private final Map<String, IoctlSpec> ioctls = new LinkedHashMap<>();

  private SpecSet(List<SpecFile> files) {
    this.files = List.copyOf(files);
  }

  public static SpecSet build(List<SpecFile> files, Diagnostics diagnostics) {
    SpecSet set = new SpecSet(files);
    Map<String, SourceLocation> typeNames = new LinkedHashMap<>();
    for (String base : SpecBinder.BASE_TYPE_NAMES) {
      typeNames.put(base, null);
    }
    for (SpecFile file : files) {
      for (AbiSpec abi : file.abis()) {
        declare(set.abis, abi.name(), abi, abi.location(), "ABI", diagnostics);
      }
      for (TypedefSpec typedef : file.typedefs()) {
        if (declareType(typeNames, typedef.name(), typedef.location(), diagnostics)) {
          set.typedefs.put(typedef.name(), typedef);
        }
      }
      for (StructSpec struct : file.structs()) {
        if (declareType(typeNames, struct.name(), struct.location(), diagnostics)) {
          set.structs.put(struct.name(), struct);
        }
      }
      for (IoctlSpec ioctl : file.ioctls()) {
        declare(set.ioctls, ioctl.name(), ioctl, ioctl.location(), "ioctl", diagnostics);
      }
    }
    set.checkAbiReferences(diagnostics);
    return set;
  }

  private static <T> void declare(Map<String, T> into, String name, T value, SourceLocation location,
      String what, Diagnostics diagnostics) {
    T previous = into.putIfAbsent(name, value);
    if (previous != null) {
      diagnostics.error(location, "duplicate " + what + " '" + name + "' (first declared at " + locationOf(previous) + ")");
    }
  }

  private static boolean declareType(Map<String, SourceLocation> typeNames, String name, SourceLocation location,
      Diagnostics diagnostics) {
    if (typeNames.containsKey(name)) {
      SourceLocation first = typeNames.get(name);
      diagnostics.error(location, "duplicate type name '" + name + "' ("
          + (first == null ? "a C base type" : "first declared at " + first) + ")");
      return false;
    }
    typeNames.put(name, location);
    return true;
  }

  private static Object locationOf(Object spec) {
    return switch (spec) {
      case AbiSpec a -> a.location();
      case IoctlSpec i -> i.location();
      default -> "?";
    };
  }

  private void checkAbiReferences(Diagnostics diagnostics) {
    for (AbiSpec abi : abis.values()) {
      abi.extendsAbi().filter(p -> !abis.containsKey(p)).ifPresent(p ->
          diagnostics.error(abi.location(), "ABI '" + abi.name() + "' extends unknown ABI '" + p + "'; known: " + abiNames()));
      if (abi.extendsAbi().isEmpty()) {
        for (String base : SpecBinder.BASE_TYPE_NAMES) {
          if (!abi.baseTypes().containsKey(base)) {
            diagnostics.error(abi.location(), "ABI '" + abi.name() + "' does not give the size of '" + base + "'");
          }
        }
        if (abi.ioc().isEmpty()) {
          diagnostics.error(abi.location(), "ABI '" + abi.name() + "' needs 'ioc', its ioctl number encoding");
        }
      }
    }
    for (TypedefSpec typedef : typedefs.values()) {
      checkOverrides(typedef.target(), diagnostics);
    }
    for (StructSpec struct : structs.values()) {
      checkOverrides(struct.cType(), diagnostics);
    }
    for (IoctlSpec ioctl : ioctls.values()) {
      checkOverrides(ioctl.size(), diagnostics);
      checkOverrides(ioctl.number(), diagnostics);
      checkOverrides(ioctl.alias(), diagnostics);
    }
  }

  private void checkOverrides(PerAbi<?> value, Diagnostics diagnostics) {
    value.overrides().forEach((abi, override) -> {
      if (!abis.containsKey(abi)) {
        diagnostics.error(override.location(), "unknown ABI '" + abi + "'; expected 'default' or one of: " + abiNames());
      }
    });
  }

  private String abiNames() {
    return String.join(", ", abis.keySet());
  }

  public List<SpecFile> files() {
    return files;
  }

  /** ABIs in report order: by name, each variant right after the ABI it extends. */
  public List<AbiSpec> abis() {
    List<AbiSpec> roots = abis.values().stream().filter(a -> a.extendsAbi().isEmpty())
        .sorted(Comparator.comparing(AbiSpec::name)).toList();
    List<AbiSpec> ordered = new ArrayList<>();
    for (AbiSpec root : roots) {
      addWithVariants(root, ordered);
    }
    return ordered;
  }

  private void addWithVariants(AbiSpec abi, List<AbiSpec> ordered) {
    ordered.add(abi);
    abis.values().stream().filter(a -> a.extendsAbi().equals(Optional.of(abi.name())))
        .sorted(Comparator.comparing(AbiSpec::name)).forEach(v -> addWithVariants(v, ordered));
  }

  public Optional<AbiSpec> abi(String name) {
    return Optional.ofNullable(abis.get(name));
  }

  /** The ABI {@code name} extends, if any. */
  public Optional<String> parentOf(String name) {
    return abi(name).flatMap(AbiSpec::extendsAbi);
  }

  public Optional<TypedefSpec> typedef(String name) {
    return Optional.ofNullable(typedefs.get(name));
  }

  /** Every typedef and struct name, for suggestions. */
  public java.util.Set<String> typeNames() {
    java.util.Set<String> names = new java.util.TreeSet<>(typedefs.keySet());
    names.addAll(structs.keySet());
    return names;
  }

  public Optional<StructSpec> struct(String name) {
    return Optional.ofNullable(structs.get(name));
  }

  public Optional<IoctlSpec> ioctl(String name) {
    return Optional.ofNullable(ioctls.get(name));
  }

  public Collection<StructSpec> structs() {
    return structs.values();
  }

  public Collection<IoctlSpec> ioctls() {
    return ioctls.values();
  }
}
