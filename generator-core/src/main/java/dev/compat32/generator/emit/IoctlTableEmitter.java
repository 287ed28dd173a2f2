package dev.compat32.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.compat32.generator.check.IoctlRoutes;
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
 * handler built once — passthrough, translate, custom — or none ({@code -ENOTTY}). It prints what
 * {@link IoctlRoutes} decided.
 */
final class IoctlTableEmitter {
  private final CodegenPlan plan;
  private final List<IoctlRoutes.Command> commands;

  IoctlTableEmitter(CodegenPlan plan, List<IoctlRoutes.Command> commands) {
    this.plan = plan;
    this.commands = List.copyOf(commands);
  }

  List<JavaFile> emit() {
    return List.of(numbers(), table());
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

  // ---- handlers --------------------------------------------------------------------------------

  private CodeBlock handler(IoctlRoutes.Route route) {
    CodeBlock host = CodeBlock.of("0x$LL", Long.toHexString(route.hostNumber()));
    return switch (route.handling()) {
      case IoctlRoutes.Unsupported u -> CodeBlock.of("$T.unsupported($L, $S, $L)", RuntimeTypes.HANDLERS, host, u.fd().orElse(null),
          u.errno());
      case IoctlRoutes.Custom c -> CodeBlock.of("new $T()", ClassName.bestGuess(c.className()));
      case IoctlRoutes.Plain p -> CodeBlock.of("$T.plain($L, $L)", RuntimeTypes.HANDLERS, host, p.signed());
      case IoctlRoutes.SameBytes b -> CodeBlock.of("$T.pointer($L, $LL)", RuntimeTypes.HANDLERS, host, b.size());
      case IoctlRoutes.Translate t -> CodeBlock.of("$T.translate($L, $T.CODEC, $L, $T.$L)", RuntimeTypes.HANDLERS, host,
          plan.codecClass(t.struct(), t.classAbi(), t.choice()), t.in(), RuntimeTypes.HANDLERS.nestedClass("Out"), t.out().name());
      case IoctlRoutes.Scalars x -> CodeBlock.of("$T.scalars($L, $L, $L, $L, $L, $L, $L)", RuntimeTypes.HANDLERS, host, x.count(),
          x.guestSize(), x.hostSize(), x.signed(), x.in(), x.out());
    };
  }

  /** Two routes with equal keys share one handler field. */
  private static String key(IoctlRoutes.Route route) {
    return route.hostNumber() + "|" + route.handling() + "|" + route.ioctl().fd().orElse("");
  }

  /** The guest size of what the argument points to, and how to decode it for display ({@code null}: not a pointer). */
  private record ArgumentView(long size, CodeBlock decoder) {}

  private ArgumentView argumentView(IoctlRoutes.Route route) {
    IoctlSpec argSpec = route.argSpec();
    if (argSpec.argMode() != IoctlSpec.ArgMode.POINTER || argSpec.arg().isEmpty()) {
      return new ArgumentView(0, CodeBlock.of("null"));
    }
    CType guest = CType.unwrap(plan.layouts().resolve(route.abi(), argSpec.arg().get()).orElseThrow());
    if (guest instanceof CType.Aggregate aggregate && aggregate.layout().name().isPresent()) {
      StructSpec struct = plan.layouts().specs().struct(aggregate.layout().name().get()).orElseThrow();
      CodegenPlan.Choice choice = argSpec.live().isEmpty() ? CodegenPlan.Choice.NONE : new CodegenPlan.Choice(argSpec.live());
      return new ArgumentView(guest.size(), CodeBlock.of("$T::decodeGuest", plan.codecClass(struct, route.abi(), choice)));
    }
    Optional<long[]> shape = IoctlRoutes.scalarShape(guest);
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

  // ---- the table -------------------------------------------------------------------------------

  /**
   * Commands per range class, and entries per method: a JVM method holds at most 64 KiB of code, which
   * one switch and one static initializer over the whole UAPI (about 3,000 commands) would pass.
   */
  static final int RANGE = 256;

  private JavaFile table() {
    ClassName self = ClassName.get(plan.packageName(), "CompatIoctlTable");
    TypeSpec.Builder type = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(RuntimeTypes.IOCTL_TABLE)
        .addJavadoc("The compat ioctl table: guest ($L and variants) commands to host ($L) handlers.\n", plan.guestAbi(), plan.hostAbi())
        .addJavadoc("\n<p>Commands lie in range classes by their unsigned number, each a {@code switch}; a range's\n")
        .addJavadoc("handlers are built when one of its commands is first asked for.\n")
        .addField(FieldSpec.builder(self, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .initializer("new $T()", self).build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    List<IoctlRoutes.Command> sorted = commands.stream()
        .sorted((a, b) -> Integer.compareUnsigned((int) a.guestNumber(), (int) b.guestNumber())).toList();
    MethodSpec.Builder handler = MethodSpec.methodBuilder("handler").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(RuntimeTypes.IOCTL_HANDLER).addParameter(TypeName.INT, "guestCommand");
    for (int first = 0, index = 0; first < sorted.size() || index == 0; first += RANGE, index++) {
      List<IoctlRoutes.Command> range = sorted.subList(first, Math.min(sorted.size(), first + RANGE));
      ClassName rangeClass = self.nestedClass("Range" + index);
      type.addType(range(rangeClass, range));
      boolean last = first + RANGE >= sorted.size();
      if (last) {
        handler.addStatement("return $T.handler(guestCommand)", rangeClass);
      } else {
        long next = sorted.get(first + RANGE).guestNumber();
        handler.beginControlFlow("if (Integer.compareUnsigned(guestCommand, 0x$L) < 0)", Long.toHexString(next))
            .addStatement("return $T.handler(guestCommand)", rangeClass).endControlFlow();
      }
    }
    type.addMethod(handler.build());
    type.addType(entries(self.nestedClass("Entries")));
    type.addMethod(MethodSpec.methodBuilder("entries").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.IOCTL_ENTRY))
        .addStatement("return $T.ALL", self.nestedClass("Entries")).build());
    return file(type.build());
  }

  /** One range of commands: its handlers as constants and the switch that picks one. */
  private TypeSpec range(ClassName name, List<IoctlRoutes.Command> range) {
    TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL);
    if (!range.isEmpty()) {
      type.addJavadoc("Commands 0x$L to 0x$L.\n", Long.toHexString(range.get(0).guestNumber()),
          Long.toHexString(range.get(range.size() - 1).guestNumber()));
    }
    MethodSpec.Builder handler = MethodSpec.methodBuilder("handler").addModifiers(Modifier.STATIC)
        .returns(RuntimeTypes.IOCTL_HANDLER).addParameter(TypeName.INT, "guestCommand")
        .beginControlFlow("switch (guestCommand)");
    Map<String, String> fieldByKey = new LinkedHashMap<>();
    for (IoctlRoutes.Command command : range) {
      List<IoctlRoutes.Route> same = command.routes();
      String label = same.stream().map(r -> r.ioctl().name() + " (" + r.abi() + ")").distinct().reduce((a, b) -> a + ", " + b).orElse("");
      CodeBlock choice = command.byFd().isEmpty() ? CodeBlock.of("$L", handlerField(type, fieldByKey, same.get(0)))
          : byFd(type, fieldByKey, command);
      handler.addCode("case 0x$L: // $L\n", Long.toHexString(command.guestNumber()), label);
      handler.addStatement("  return $L", choice);
    }
    handler.addCode("default:\n").addStatement("  return null").endControlFlow();
    return type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build()).addMethod(handler.build()).build();
  }

  /** Every entry, in declaration order, for tools and the demo: built on first use, a method per {@link #RANGE} entries. */
  private TypeSpec entries(ClassName name) {
    List<CodeBlock> entries = new ArrayList<>();
    for (IoctlRoutes.Command command : commands) {
      for (IoctlRoutes.Route route : command.routes()) {
        ArgumentView view = argumentView(route);
        entries.add(CodeBlock.of("new $T($S, $S, 0x$L, 0x$LL, $S, $S, $LL, $L)", RuntimeTypes.IOCTL_ENTRY, route.ioctl().name(),
            route.abi(), Long.toHexString(route.guestNumber()), Long.toHexString(route.hostNumber()), route.path(), route.argument(),
            view.size(), view.decoder()));
      }
    }
    TypeName list = ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.IOCTL_ENTRY);
    TypeSpec.Builder type = TypeSpec.classBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    CodeBlock.Builder all = CodeBlock.builder().add("$T.of(", java.util.stream.Stream.class);
    for (int first = 0, part = 0; first < entries.size() || part == 0; first += RANGE, part++) {
      List<CodeBlock> some = entries.subList(first, Math.min(entries.size(), first + RANGE));
      type.addMethod(MethodSpec.methodBuilder("part" + part).addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(list)
          .addCode(CodeBlock.builder().add("return $T.of(\n", List.class).indent().add(CodeBlock.join(some, ",\n")).add("\n")
              .unindent().add(");\n").build()).build());
      all.add(part == 0 ? "part$L()" : ", part$L()", part);
    }
    type.addField(FieldSpec.builder(list, "ALL", Modifier.STATIC, Modifier.FINAL)
        .initializer(all.add(").flatMap($T::stream).toList()", List.class).build()).build());
    return type.build();
  }

  private String handlerField(TypeSpec.Builder type, Map<String, String> fieldByKey, IoctlRoutes.Route route) {
    return fieldByKey.computeIfAbsent(key(route), k -> {
      String name = JavaNames.constant(route.ioctl().name()) + (route.abi().equals(plan.guestAbi()) ? "" : "_" + JavaNames.constant(route.abi()));
      String unique = name;
      for (int n = 2; fieldByKey.containsValue(unique); n++) {
        unique = name + "_" + n;
      }
      type.addField(FieldSpec.builder(RuntimeTypes.IOCTL_HANDLER, unique, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("$L on $L: $L, host 0x$L.\n", route.ioctl().name(), route.abi(), route.path(), Long.toHexString(route.hostNumber()))
          .initializer(handler(route)).build());
      return unique;
    });
  }

  /** Routes that share a guest number, told apart by what the fd is (the routes decided they can be). */
  private CodeBlock byFd(TypeSpec.Builder type, Map<String, String> fieldByKey, IoctlRoutes.Command command) {
    CodeBlock.Builder map = CodeBlock.builder().add("$T.byFd(", RuntimeTypes.HANDLERS);
    boolean first = true;
    for (IoctlRoutes.Route route : command.byFd()) {
      map.add(first ? "$S, $L" : ", $S, $L", route.ioctl().fd().orElseThrow(), handlerField(type, fieldByKey, route));
      first = false;
    }
    String name = "FD_0X" + Long.toHexString(command.guestNumber()).toUpperCase(java.util.Locale.ROOT);
    type.addField(FieldSpec.builder(RuntimeTypes.IOCTL_HANDLER, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(map.add(")").build()).build());
    return CodeBlock.of("$L", name);
  }

  private JavaFile file(TypeSpec type) {
    return JavaFile.builder(plan.packageName(), type).addFileComment("Generated by compat32. Do not edit.")
        .skipJavaLangImports(true).indent("    ").build();
  }
}
