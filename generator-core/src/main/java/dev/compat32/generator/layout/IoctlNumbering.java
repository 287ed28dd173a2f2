package dev.compat32.generator.layout;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.spec.AbiSpec;
import dev.compat32.generator.spec.IoctlSpec;
import dev.compat32.generator.spec.SpecSet;
import dev.compat32.generator.spec.TypeExpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;

/** Numbers every ioctl on one ABI: alias, fixed legacy number, or {@code _IOC(dir, type, nr, size)}. */
final class IoctlNumbering {
  private final SpecSet specs;
  private final AbiTypeResolver resolver;
  private final Diagnostics diagnostics;
  private final AbiSpec.IocEncoding ioc;
  private final Map<String, Long> numbers = new LinkedHashMap<>();
  private final SequencedSet<String> inProgress = new LinkedHashSet<>();

  IoctlNumbering(SpecSet specs, AbiTypeResolver resolver, Diagnostics diagnostics) {
    this.specs = specs;
    this.resolver = resolver;
    this.diagnostics = diagnostics;
    AbiSpec.IocEncoding found = null;
    for (Optional<String> at = Optional.of(resolver.abi()); at.isPresent() && found == null; at = specs.parentOf(at.get())) {
      found = specs.abi(at.get()).flatMap(AbiSpec::ioc).orElse(null);
    }
    this.ioc = found;
  }

  Map<String, Long> numberAll() {
    if (ioc == null) {
      return Map.of();
    }
    for (IoctlSpec ioctl : specs.ioctls()) {
      if (LayoutEngine.presentOn(ioctl.abis(), resolver.abi(), specs)) {
        number(ioctl);
        checkReferences(ioctl);
      }
    }
    return numbers;
  }

  private Optional<Long> number(IoctlSpec ioctl) {
    if (numbers.containsKey(ioctl.name())) {
      return Optional.of(numbers.get(ioctl.name()));
    }
    if (!inProgress.add(ioctl.name())) {
      List<String> cycle = new ArrayList<>(inProgress);
      diagnostics.error(ioctl.location(), "alias cycle: " + String.join(" -> ", cycle.subList(cycle.indexOf(ioctl.name()), cycle.size()))
          + " -> " + ioctl.name());
      return Optional.empty();
    }
    try {
      Optional<Long> number = compute(ioctl);
      number.ifPresent(n -> numbers.put(ioctl.name(), n));
      return number;
    } finally {
      inProgress.remove(ioctl.name());
    }
  }

  private Optional<Long> compute(IoctlSpec ioctl) {
    String abi = resolver.abi();
    Optional<String> alias = ioctl.alias().resolve(abi, specs::parentOf);
    if (alias.isPresent()) {
      Optional<IoctlSpec> target = specs.ioctl(alias.get());
      if (target.isEmpty()) {
        diagnostics.error(ioctl.location(), "ioctl '" + ioctl.name() + "' is an alias of unknown ioctl '" + alias.get() + "'");
        return Optional.empty();
      }
      return number(target.get());
    }
    Optional<Long> fixed = ioctl.number().resolve(abi, specs::parentOf);
    if (fixed.isPresent()) {
      return fixed;
    }
    if (ioctl.direction().isEmpty() || ioctl.type().isEmpty() || ioctl.nr().isEmpty()) {
      return Optional.empty();  // reported by the binder
    }
    long size = 0;
    if (ioctl.direction().get() != IoctlSpec.Direction.NONE) {
      Optional<TypeExpr> sizeType = ioctl.size().resolve(abi, specs::parentOf).or(ioctl::arg);
      Optional<CType> resolved = sizeType.flatMap(resolver::resolve);
      if (resolved.isEmpty()) {
        // the resolver has said why; only a failure it did not explain is worth a message of its own
        if (sizeType.isPresent() && !diagnostics.hasErrors()) {
          diagnostics.error(sizeType.get().location(), "ioctl '" + ioctl.name() + "' takes its size from '" + sizeType.get()
              + "', which cannot be resolved on " + abi);
        }
        return Optional.empty();
      }
      size = resolved.get().size();
    }
    int type = ioctl.type().get();
    int nr = ioctl.nr().get();
    if (!fits(ioctl, "type", type, ioc.typeBits()) || !fits(ioctl, "nr", nr, ioc.nrBits())
        || !fits(ioctl, "size", size, ioc.sizeBits())) {
      return Optional.empty();
    }
    long dir = switch (ioctl.direction().get()) {
      case NONE -> ioc.none();
      case WRITE -> ioc.write();
      case READ -> ioc.read();
      case READ_WRITE -> ioc.read() | ioc.write();
    };
    int typeShift = ioc.nrBits();
    int sizeShift = typeShift + ioc.typeBits();
    int dirShift = sizeShift + ioc.sizeBits();
    return Optional.of((dir << dirShift | size << sizeShift | (long) type << typeShift | nr) & 0xFFFF_FFFFL);
  }

  private boolean fits(IoctlSpec ioctl, String what, long value, int bits) {
    if (value >= 1L << bits) {
      diagnostics.error(ioctl.location(), "ioctl '" + ioctl.name() + "': " + what + " " + value + " does not fit the "
          + bits + "-bit field of _IOC on " + resolver.abi() + " (at most " + ((1L << bits) - 1) + ")");
      return false;
    }
    return true;
  }

  private void checkReferences(IoctlSpec ioctl) {
    ioctl.arg().ifPresent(resolver::resolve);
    ioctl.translatesTo().filter(t -> specs.ioctl(t).isEmpty()).ifPresent(t ->
        diagnostics.error(ioctl.location(), "ioctl '" + ioctl.name() + "' translates to unknown ioctl '" + t + "'"));
  }
}
