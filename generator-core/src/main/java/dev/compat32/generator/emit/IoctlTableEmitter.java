package dev.compat32.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.spec.IoctlSpec;
import dev.compat32.generator.spec.StructSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Emits the ioctl numbers per ABI ({@code CompatIoctls}) and the dispatch table ({@code
 * CompatIoctlTable}): a {@code switch} on the guest command that picks, for each command, a
 * handler built once — passthrough, translate, custom — or none ({@code -ENOTTY}).
 */
final class IoctlTableEmitter {
  private final CodegenPlan plan;
  private final Diagnostics diagnostics;

  IoctlTableEmitter(CodegenPlan plan, Diagnostics diagnostics) {
    this.plan = plan;
    this.diagnostics = diagnostics;
  }

  /** How one guest number is served. */
  record Route(IoctlSpec ioctl, String abi, long guestNumber, long hostNumber, String path, String argument, CodeBlock handler) {
    /** Two routes with equal keys are served the same way. */
    String key() {
      return hostNumber + "|" + handler + "|" + ioctl.fd().orElse("");
    }
  }

  List<JavaFile> emit() {
    List<Route> routes = routes();
    return List.of(numbers(), table(routes));
  }

  // ---- numbers ---------------------------------------------------------------------------------

  private JavaFile numbers() {
    TypeSpec.Builder type = TypeSpec.classBuilder("CompatIoctls").addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Ioctl numbers of the specs per ABI, as unsigned 32-bit values in an {@code int}.\n")
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    List<String> abis = new ArrayList<>(plan.guestAbis());
    abis.add(plan.hostAbi());
    for (String abi : abis) {
      TypeSpec.Builder nested = TypeSpec.classBuilder(JavaNames.type(abi)).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Numbers on $L.\n", abi)
          .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
      for (IoctlSpec ioctl : plan.layouts().specs().ioctls()) {
        if (plan.isOwn(ioctl)) {
          plan.layouts().number(abi, ioctl).ifPresent(n -> nested.addField(FieldSpec.builder(TypeName.INT, JavaNames.constant(ioctl.name()),
              Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL).initializer("0x$L", Long.toHexString(n)).build()));
        }
      }
      type.addType(nested.build());
    }
    return file(type.build());
  }

  // ---- routes ----------------------------------------------------------------------------------

  private List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (IoctlSpec ioctl : plan.layouts().specs().ioctls()) {
      if (!plan.isOwn(ioctl)) {
        continue;
      }
      for (String abi : plan.guestAbis()) {
        Optional<Long> guestNumber = plan.layouts().number(abi, ioctl);
        if (guestNumber.isEmpty()) {
          continue;
        }
        IoctlSpec hostIoctl = hostIoctl(ioctl, abi);
        Optional<Long> hostNumber = plan.layouts().number(plan.hostAbi(), hostIoctl);
        if (hostNumber.isEmpty()) {
          continue;  // no such command on the host: unsupported, -ENOTTY
        }
        routes.add(route(ioctl, abi, guestNumber.get(), hostNumber.get()));
      }
    }
    return routes;
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

  private Route route(IoctlSpec ioctl, String abi, long guestNumber, long hostNumber) {
    CodeBlock host = CodeBlock.of("0x$LL", Long.toHexString(hostNumber));
    IoctlSpec argSpec = effective(ioctl, abi);
    if (argSpec.unsupported().isPresent()) {
      return new Route(ioctl, abi, guestNumber, hostNumber, "unsupported", argSpec.unsupported().get(),
          CodeBlock.of("$T.unsupported($L, $S, $L)", RuntimeTypes.HANDLERS, host, argSpec.fd().orElse(null),
              argSpec.unsupportedErrno()));
    }
    if (ioctl.handler().isPresent()) {
      return new Route(ioctl, abi, guestNumber, hostNumber, "custom", ioctl.handler().get(),
          CodeBlock.of("new $T()", ClassName.bestGuess(ioctl.handler().get())));
    }
    switch (argSpec.argMode()) {
      case NONE -> {
        return new Route(ioctl, abi, guestNumber, hostNumber, guestNumber == hostNumber ? "passthrough" : "translate number",
            "none", CodeBlock.of("$T.plain($L, false)", RuntimeTypes.HANDLERS, host));
      }
      case VALUE -> {
        CType type = plan.layouts().resolve(abi, argSpec.arg().orElseThrow()).orElseThrow();
        boolean signed = CType.unwrap(type) instanceof CType.Scalar s && s.kind() == ScalarKind.SIGNED;
        return new Route(ioctl, abi, guestNumber, hostNumber, guestNumber == hostNumber ? "passthrough" : "translate number",
            "value " + type.spelling(), CodeBlock.of("$T.plain($L, $L)", RuntimeTypes.HANDLERS, host, signed));
      }
      default -> { }
    }
    CType guest = CType.unwrap(plan.layouts().resolve(abi, argSpec.arg().orElseThrow()).orElseThrow());
    CType hostType = CType.unwrap(plan.layouts().resolve(plan.hostAbi(), argSpec.arg().orElseThrow()).orElseThrow());
    boolean in = argSpec.direction().map(d -> d != IoctlSpec.Direction.READ).orElse(true);
    boolean out = argSpec.direction().map(d -> d != IoctlSpec.Direction.WRITE).orElse(true);
    String argument = guest.spelling() + " *";
    boolean flexible = guest instanceof CType.Aggregate a && a.layout().members().stream().anyMatch(m -> m.isFlexible());
    if (dev.compat32.generator.layout.ByteShapes.sameBytes(guest, hostType) && !flexible) {
      return new Route(ioctl, abi, guestNumber, hostNumber, guestNumber == hostNumber ? "passthrough" : "translate number",
          argument, CodeBlock.of("$T.pointer($L, $LL)", RuntimeTypes.HANDLERS, host, guest.size()));
    }
    if (guest instanceof CType.Aggregate aggregate && aggregate.layout().name().isPresent()) {
      StructSpec struct = plan.layouts().specs().struct(aggregate.layout().name().get()).orElseThrow();
      CodegenPlan.Choice choice = argSpec.live().isEmpty() ? CodegenPlan.Choice.NONE : new CodegenPlan.Choice(argSpec.live());
      ClassName codec = plan.codecClass(struct, abi, choice);
      return new Route(ioctl, abi, guestNumber, hostNumber, "translate", argument,
          CodeBlock.of("$T.translate($L, $T.CODEC, $L, $T.$L)", RuntimeTypes.HANDLERS, host, codec, in,
              RuntimeTypes.HANDLERS.nestedClass("Out"), !out ? "NEVER" : argSpec.outOnError() ? "ALWAYS" : "ON_SUCCESS"));
    }
    if (scalarShape(guest).isPresent() && scalarShape(hostType).isPresent()) {
      long[] g = scalarShape(guest).get();
      long[] h = scalarShape(hostType).get();
      return new Route(ioctl, abi, guestNumber, hostNumber, "translate", argument,
          CodeBlock.of("$T.scalars($L, $L, $L, $L, $L, $L, $L)", RuntimeTypes.HANDLERS, host, g[1], g[0], h[0], g[2] == 1, in, out));
    }
    diagnostics.error(ioctl.location(), "ioctl '" + ioctl.name() + "' has an argument (" + guest.spelling()
        + ") compat32 cannot convert; give it a 'handler'");
    return new Route(ioctl, abi, guestNumber, hostNumber, "unsupported", argument, CodeBlock.of("null"));
  }

  /** The guest size of what the argument points to, and how to decode it for display ({@code null}: not a pointer). */
  private record ArgumentView(long size, CodeBlock decoder) {}

  private ArgumentView argumentView(Route route) {
    IoctlSpec argSpec = effective(route.ioctl(), route.abi());
    if (argSpec.argMode() != IoctlSpec.ArgMode.POINTER || argSpec.arg().isEmpty()) {
      return new ArgumentView(0, CodeBlock.of("null"));
    }
    CType guest = CType.unwrap(plan.layouts().resolve(route.abi(), argSpec.arg().get()).orElseThrow());
    if (guest instanceof CType.Aggregate aggregate && aggregate.layout().name().isPresent()) {
      StructSpec struct = plan.layouts().specs().struct(aggregate.layout().name().get()).orElseThrow();
      CodegenPlan.Choice choice = argSpec.live().isEmpty() ? CodegenPlan.Choice.NONE : new CodegenPlan.Choice(argSpec.live());
      return new ArgumentView(guest.size(), CodeBlock.of("$T::decodeGuest", plan.codecClass(struct, route.abi(), choice)));
    }
    Optional<long[]> shape = scalarShape(guest);
    if (shape.isEmpty()) {
      return new ArgumentView(guest.size(), CodeBlock.of("null"));
    }
    long[] g = shape.get();
    CodeBlock decoder = g[1] == 1
        ? CodeBlock.of("(guest, offset) -> $T.read(guest, offset, $L, $L)", RuntimeTypes.INTEGERS, g[0], g[2] == 1)
        : g[0] == 1 ? CodeBlock.of("(guest, offset) -> $T.readBytes(guest, offset, $L)", RuntimeTypes.VALUES, g[1])
        : CodeBlock.of("(guest, offset) -> $T.readLongs(guest, offset, $L, $L, $L)", RuntimeTypes.VALUES, g[1], g[0], g[2] == 1);
    return new ArgumentView(guest.size(), decoder);
  }

  /** {element size, count, signed} of an integer or an array of integers. */
  private static Optional<long[]> scalarShape(CType type) {
    CType t = CType.unwrap(type);
    if (t instanceof CType.Scalar s && s.kind().isInteger()) {
      return Optional.of(new long[] {s.size(), 1, s.kind() == ScalarKind.SIGNED ? 1 : 0});
    }
    if (t instanceof CType.Array a && a.length() > 0) {
      return scalarShape(a.element()).map(e -> new long[] {e[0], e[1] * a.length(), e[2]});
    }
    return Optional.empty();
  }

  // ---- the table -------------------------------------------------------------------------------

  private JavaFile table(List<Route> routes) {
    Map<Long, List<Route>> byNumber = new LinkedHashMap<>();
    for (Route route : routes) {
      byNumber.computeIfAbsent(route.guestNumber(), n -> new ArrayList<>()).add(route);
    }
    ClassName self = ClassName.get(plan.packageName(), "CompatIoctlTable");
    TypeSpec.Builder type = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(RuntimeTypes.IOCTL_TABLE)
        .addJavadoc("The compat ioctl table: guest ($L and variants) commands to host ($L) handlers.\n", plan.guestAbi(), plan.hostAbi())
        .addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .initializer("new $T()", self).build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    MethodSpec.Builder handler = MethodSpec.methodBuilder("handler").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(RuntimeTypes.IOCTL_HANDLER).addParameter(TypeName.INT, "guestCommand")
        .beginControlFlow("switch (guestCommand)");
    List<CodeBlock> entries = new ArrayList<>();
    Map<String, String> fieldByKey = new LinkedHashMap<>();
    int fieldCount = 0;
    for (Map.Entry<Long, List<Route>> entry : byNumber.entrySet()) {
      List<Route> same = entry.getValue();
      Map<String, List<Route>> byKey = new LinkedHashMap<>();
      same.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
      CodeBlock choice;
      String label = same.stream().map(r -> r.ioctl().name() + " (" + r.abi() + ")").distinct().reduce((a, b) -> a + ", " + b).orElse("");
      if (byKey.size() == 1) {
        choice = CodeBlock.of("$L", handlerField(type, fieldByKey, same.get(0), fieldCount++));
      } else {
        choice = byFd(type, fieldByKey, byKey, entry.getKey(), fieldCount);
        fieldCount += byKey.size();
      }
      handler.addCode("case 0x$L: // $L\n", Long.toHexString(entry.getKey()), label);
      handler.addStatement("  return $L", choice);
      for (Route route : same) {
        ArgumentView view = argumentView(route);
        entries.add(CodeBlock.of("new $T($S, $S, 0x$L, 0x$LL, $S, $S, $LL, $L)", RuntimeTypes.IOCTL_ENTRY, route.ioctl().name(),
            route.abi(), Long.toHexString(route.guestNumber()), Long.toHexString(route.hostNumber()), route.path(), route.argument(),
            view.size(), view.decoder()));
      }
    }
    handler.addCode("default:\n").addStatement("  return null").endControlFlow();
    type.addMethod(handler.build());
    CodeBlock entryList = CodeBlock.builder().add("$T.of(\n", List.class).indent()
        .add(CodeBlock.join(entries, ",\n")).add("\n").unindent().add(")").build();
    type.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.IOCTL_ENTRY), "ENTRIES",
        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(entryList).build());
    type.addMethod(MethodSpec.methodBuilder("entries").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.IOCTL_ENTRY))
        .addStatement("return ENTRIES").build());
    return file(type.build());
  }

  private String handlerField(TypeSpec.Builder type, Map<String, String> fieldByKey, Route route, int index) {
    return fieldByKey.computeIfAbsent(route.key(), k -> {
      String name = JavaNames.constant(route.ioctl().name()) + (route.abi().equals(plan.guestAbi()) ? "" : "_" + JavaNames.constant(route.abi()));
      String unique = name;
      for (int n = 2; fieldByKey.containsValue(unique); n++) {
        unique = name + "_" + n;
      }
      type.addField(FieldSpec.builder(RuntimeTypes.IOCTL_HANDLER, unique, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("$L on $L: $L, host 0x$L.\n", route.ioctl().name(), route.abi(), route.path(), Long.toHexString(route.hostNumber()))
          .initializer(route.handler()).build());
      return unique;
    });
  }

  /** Routes that share a guest number but differ: told apart by what the fd is, or an error. */
  private CodeBlock byFd(TypeSpec.Builder type, Map<String, String> fieldByKey, Map<String, List<Route>> byKey, long number, int index) {
    List<Route> firsts = byKey.values().stream().map(l -> l.get(0)).toList();
    boolean distinguishable = firsts.stream().allMatch(r -> r.ioctl().fd().isPresent())
        && firsts.stream().map(r -> r.ioctl().fd().get()).distinct().count() == firsts.size();
    if (!distinguishable) {
      Route a = firsts.get(0);
      Route b = firsts.get(1);
      diagnostics.error(b.ioctl().location(), "guest number 0x" + Long.toHexString(number) + " of '" + b.ioctl().name() + "' ("
          + b.abi() + ") is also '" + a.ioctl().name() + "' (" + a.abi() + ", " + a.ioctl().location() + "), handled differently; "
          + "give both an 'fd' kind (socket, tty, file, chardev:MAJOR) to tell them apart");
      return CodeBlock.of("null");
    }
    CodeBlock.Builder map = CodeBlock.builder().add("$T.byFd(", RuntimeTypes.HANDLERS);
    boolean first = true;
    for (Route route : firsts) {
      map.add(first ? "$S, $L" : ", $S, $L", route.ioctl().fd().get(), handlerField(type, fieldByKey, route, index++));
      first = false;
    }
    String name = "FD_0X" + Long.toHexString(number).toUpperCase(java.util.Locale.ROOT);
    type.addField(FieldSpec.builder(RuntimeTypes.IOCTL_HANDLER, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(map.add(")").build()).build());
    return CodeBlock.of("$L", name);
  }

  private JavaFile file(TypeSpec type) {
    return JavaFile.builder(plan.packageName(), type).addFileComment("Generated by compat32. Do not edit.")
        .skipJavaLangImports(true).indent("    ").build();
  }
}
