package dev.compat32.generator.check;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.emit.CodegenPlan;
import dev.compat32.generator.layout.ByteShapes;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.spec.FieldSpec;
import dev.compat32.generator.spec.IoctlSpec;
import dev.compat32.generator.spec.StructSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, before anything is emitted, how each guest ioctl number is served: which handler each
 * command gets (passthrough, translate, custom, unsupported), and how commands that share a guest
 * number are told apart (by what the fd is). What cannot be served is reported at the spec's
 * location; the table emitter prints the decisions.
 */
public final class IoctlRoutes {
  private final CodegenPlan plan;
  private final Diagnostics diagnostics;

  private IoctlRoutes(CodegenPlan plan, Diagnostics diagnostics) {
    this.plan = plan;
    this.diagnostics = diagnostics;
  }

  /** How one command is handled, as data. */
  public sealed interface Handling {}

  /** The compat path rejects it: {@code -errno} on fds of kind {@code fd} (every fd when empty). */
  public record Unsupported(String reason, Optional<String> fd, int errno) implements Handling {}

  public record Custom(String className) implements Handling {}

  /** No pointer: the argument is a value (or unused), passed with the right extension. */
  public record Plain(boolean signed) implements Handling {}

  /** A pointer to bytes that mean the same on both sides. */
  public record SameBytes(long size) implements Handling {}

  /**
   * A pointer to a struct converted in and out by its codec; {@code classAbi} is the guest layout
   * whose codec serves it (a variant shares its parent's where the layouts agree).
   */
  public record Translate(StructSpec struct, String classAbi, CodegenPlan.Choice choice, boolean in, Out out) implements Handling {}

  /** A pointer to integers whose size differs. */
  public record Scalars(long count, long guestSize, long hostSize, boolean signed, boolean in, boolean out) implements Handling {}

  /** When a translated argument goes back to the guest. */
  public enum Out { NEVER, ON_SUCCESS, ALWAYS }

  /**
   * How one command is served on one guest ABI.
   *
   * @param argSpec the ioctl that says how the argument is handled (itself, or what it is an alias of)
   */
  public record Route(IoctlSpec ioctl, IoctlSpec argSpec, String abi, long guestNumber, long hostNumber, String path,
      String argument, Handling handling) {
    /** Two routes with equal keys are served the same way. */
    String key() {
      return hostNumber + "|" + handling + "|" + ioctl.fd().orElse("");
    }
  }

  /** One guest number: its routes, and whether they are told apart by the fd (else they are all served alike). */
  public record Command(long guestNumber, List<Route> routes, List<Route> byFd) {}

  /** Every guest number of the plan's own ioctls, in declaration order. */
  public static List<Command> compute(CodegenPlan plan, Diagnostics diagnostics) {
    return new IoctlRoutes(plan, diagnostics).commands();
  }

  private List<Command> commands() {
    Map<Long, List<Route>> byNumber = new LinkedHashMap<>();
    for (IoctlSpec ioctl : plan.layouts().specs().ioctls()) {
      if (!plan.isOwn(ioctl)) {
        continue;
      }
      for (String abi : plan.guestAbis()) {
        Optional<Long> guestNumber = plan.layouts().number(abi, ioctl);
        if (guestNumber.isEmpty()) {
          continue;
        }
        Optional<Long> hostNumber = plan.layouts().number(plan.hostAbi(), hostIoctl(ioctl, abi));
        if (hostNumber.isEmpty()) {
          continue;  // no such command on the host: unsupported, -ENOTTY
        }
        route(ioctl, abi, guestNumber.get(), hostNumber.get())
            .ifPresent(r -> byNumber.computeIfAbsent(r.guestNumber(), n -> new ArrayList<>()).add(r));
      }
    }
    List<Command> out = new ArrayList<>();
    byNumber.forEach((number, routes) -> distinguish(number, routes).ifPresent(out::add));
    return out;
  }

  /** Routes that share a guest number but differ must each name a different fd kind. */
  private Optional<Command> distinguish(long number, List<Route> routes) {
    Map<String, Route> firstByKey = new LinkedHashMap<>();
    routes.forEach(r -> firstByKey.putIfAbsent(r.key(), r));
    List<Route> firsts = List.copyOf(firstByKey.values());
    if (firsts.size() == 1) {
      return Optional.of(new Command(number, routes, List.of()));
    }
    boolean distinguishable = firsts.stream().allMatch(r -> r.ioctl().fd().isPresent())
        && firsts.stream().map(r -> r.ioctl().fd().get()).distinct().count() == firsts.size();
    if (!distinguishable) {
      Route a = firsts.get(0);
      Route b = firsts.get(1);
      diagnostics.error(b.ioctl().location(), "guest number 0x" + Long.toHexString(number) + " of '" + b.ioctl().name() + "' ("
          + b.abi() + ") is also '" + a.ioctl().name() + "' (" + a.abi() + ", " + a.ioctl().location() + "), handled differently; "
          + "give both an 'fd' kind (socket, tty, file, chardev:MAJOR) to tell them apart");
      return Optional.empty();
    }
    return Optional.of(new Command(number, routes, firsts));
  }

  /** The ioctl that says how {@code ioctl} is handled on {@code abi}: itself, or what it is an alias of there. */
  private IoctlSpec effective(IoctlSpec ioctl, String abi) {
    IoctlSpec at = ioctl;
    for (int depth = 0; depth < 16; depth++) {
      Optional<IoctlSpec> next = at.alias().resolve(abi, plan.layouts()::parentOf).flatMap(plan.layouts().specs()::ioctl);
      if (next.isEmpty()) {
        return at;
      }
      at = next.get();
    }
    return at;
  }

  /** The ioctl whose host number serves {@code ioctl} on {@code abi}. */
  private IoctlSpec hostIoctl(IoctlSpec ioctl, String abi) {
    IoctlSpec handled = effective(ioctl, abi);
    return handled.translatesTo().flatMap(plan.layouts().specs()::ioctl).map(t -> effective(t, plan.hostAbi())).orElse(handled);
  }

  private Optional<Route> route(IoctlSpec ioctl, String abi, long guestNumber, long hostNumber) {
    IoctlSpec argSpec = effective(ioctl, abi);
    String numberPath = guestNumber == hostNumber ? "passthrough" : "translate number";
    if (argSpec.unsupported().isPresent()) {
      return Optional.of(new Route(ioctl, argSpec, abi, guestNumber, hostNumber, "unsupported", argSpec.unsupported().get(),
          new Unsupported(argSpec.unsupported().get(), argSpec.fd(), argSpec.unsupportedErrno())));
    }
    if (ioctl.handler().isPresent()) {
      return Optional.of(new Route(ioctl, argSpec, abi, guestNumber, hostNumber, "custom", ioctl.handler().get(),
          new Custom(ioctl.handler().get())));
    }
    switch (argSpec.argMode()) {
      case NONE -> {
        return Optional.of(new Route(ioctl, argSpec, abi, guestNumber, hostNumber, numberPath, "none", new Plain(false)));
      }
      case VALUE -> {
        CType type = plan.layouts().resolve(abi, argSpec.arg().orElseThrow()).orElseThrow();
        boolean signed = CType.unwrap(type) instanceof CType.Scalar s && s.kind() == ScalarKind.SIGNED;
        return Optional.of(new Route(ioctl, argSpec, abi, guestNumber, hostNumber, numberPath, "value " + type.spelling(),
            new Plain(signed)));
      }
      default -> { }
    }
    CType guest = CType.unwrap(plan.layouts().resolve(abi, argSpec.arg().orElseThrow()).orElseThrow());
    CType host = CType.unwrap(plan.layouts().resolve(plan.hostAbi(), argSpec.arg().orElseThrow()).orElseThrow());
    boolean in = argSpec.argDir().map(FieldSpec.DataDirection::toKernel)
        .orElse(argSpec.direction().map(d -> d != IoctlSpec.Direction.READ).orElse(true));
    boolean out = argSpec.argDir().map(FieldSpec.DataDirection::fromKernel)
        .orElse(argSpec.direction().map(d -> d != IoctlSpec.Direction.WRITE).orElse(true));
    String argument = guest.spelling() + " *";
    boolean flexible = guest instanceof CType.Aggregate a && a.layout().members().stream().anyMatch(m -> m.isFlexible());
    if (ByteShapes.sameBytes(guest, host) && !flexible && !ByteShapes.holdsPointer(guest)) {
      return Optional.of(new Route(ioctl, argSpec, abi, guestNumber, hostNumber, numberPath, argument, new SameBytes(guest.size())));
    }
    if (guest instanceof CType.Aggregate aggregate && aggregate.layout().name().isPresent()) {
      StructSpec struct = plan.layouts().specs().struct(aggregate.layout().name().get()).orElseThrow();
      CodegenPlan.Choice choice = argSpec.live().isEmpty() ? CodegenPlan.Choice.NONE : new CodegenPlan.Choice(argSpec.live());
      return Optional.of(new Route(ioctl, argSpec, abi, guestNumber, hostNumber, "translate", argument,
          new Translate(struct, plan.classAbi(struct, abi), choice, in,
              !out ? Out.NEVER : argSpec.outOnError() ? Out.ALWAYS : Out.ON_SUCCESS)));
    }
    Optional<long[]> g = scalarShape(guest);
    Optional<long[]> h = scalarShape(host);
    if (g.isPresent() && h.isPresent()) {
      return Optional.of(new Route(ioctl, argSpec, abi, guestNumber, hostNumber, "translate", argument,
          new Scalars(g.get()[1], g.get()[0], h.get()[0], g.get()[2] == 1, in, out)));
    }
    diagnostics.error(ioctl.location(), "ioctl '" + ioctl.name() + "' has an argument (" + guest.spelling()
        + ") compat32 cannot convert; give it a 'handler'");
    return Optional.empty();
  }

  /** {element size, count, signed} of an integer or an array of integers. */
  public static Optional<long[]> scalarShape(CType type) {
    CType t = CType.unwrap(type);
    if (t instanceof CType.Scalar s && s.kind().isInteger()) {
      return Optional.of(new long[] {s.size(), 1, s.kind() == ScalarKind.SIGNED ? 1 : 0});
    }
    if (t instanceof CType.Array a && a.length() > 0) {
      return scalarShape(a.element()).map(e -> new long[] {e[0], e[1] * a.length(), e[2]});
    }
    return Optional.empty();
  }
}
