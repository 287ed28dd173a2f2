package dev.compat32.generator.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.IoctlSpec;
import dev.compat32.generator.spec.StructSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Writes {@code layouts.json}: every struct's size, alignment and members, and every ioctl's
 * number, per ABI. A variant ABI (one that extends another) appears only where it differs from
 * the ABI it extends, so {@code i386-time64} marks exactly what 64-bit time changes.
 */
public final class LayoutReport {
  private LayoutReport() {}

  public static String toJson(LayoutSet layouts) {
    return toJson(layouts, file -> true);
  }

  /** The report of the structs and ioctls declared in files {@code include} accepts. */
  public static String toJson(LayoutSet layouts, Predicate<Path> include) {
    StringWriter out = new StringWriter();
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try (JsonGenerator json = new JsonFactory().createGenerator(out).setPrettyPrinter(pretty)) {
      json.writeStartObject();
      json.writeArrayFieldStart("structs");
      for (StructSpec struct : layouts.specs().structs()) {
        if (!include.test(struct.file())) {
          continue;
        }
        writeStruct(json, layouts, struct);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("ioctls");
      for (IoctlSpec ioctl : layouts.specs().ioctls()) {
        if (!include.test(ioctl.file())) {
          continue;
        }
        writeIoctl(json, layouts, ioctl);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString() + "\n";
  }

  private static void writeStruct(JsonGenerator json, LayoutSet layouts, StructSpec struct) throws IOException {
    String defaultCType = struct.cType().defaultValue().orElse(struct.kind().keyword() + " " + struct.name());
    json.writeStartObject();
    json.writeStringField("name", struct.name());
    json.writeStringField("cType", defaultCType);
    json.writeStringField("header", struct.header());
    json.writeObjectFieldStart("layouts");
    for (String abi : layouts.abis()) {
      Optional<StructLayout> layout = layouts.struct(abi, struct);
      if (layout.isEmpty() || sameAsParent(layouts, abi, layout.get(), l -> layouts.struct(l, struct))) {
        continue;
      }
      json.writeObjectFieldStart(abi);
      if (!layout.get().cType().equals(defaultCType)) {
        json.writeStringField("cType", layout.get().cType());
      }
      json.writeNumberField("size", layout.get().size());
      json.writeNumberField("align", layout.get().align());
      json.writeArrayFieldStart("fields");
      for (StructLayout.Field field : layout.get().fields()) {
        json.writeStartObject();
        json.writeStringField("name", field.path());
        json.writeNumberField("offset", field.offset());
        json.writeNumberField("size", field.member().reportedSize());
        json.writeStringField("type", field.member().type().spelling());
        if (field.member().isFlexible()) {
          json.writeBooleanField("flexible", true);
        }
        if (field.member().isBitfield()) {
          json.writeBooleanField("bitfield", true);
          json.writeNumberField("bitOffset", field.member().bitOffset().orElseThrow());
          json.writeNumberField("bits", field.member().bitWidth().orElseThrow());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeIoctl(JsonGenerator json, LayoutSet layouts, IoctlSpec ioctl) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", ioctl.name());
    json.writeStringField("header", ioctl.header());
    argStruct(layouts, ioctl).ifPresent(arg -> {
      try {
        json.writeStringField("arg", arg);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    json.writeObjectFieldStart("numbers");
    Map<String, Long> numbers = new LinkedHashMap<>();
    for (String abi : layouts.abis()) {
      layouts.number(abi, ioctl).ifPresent(n -> numbers.put(abi, n));
    }
    for (Map.Entry<String, Long> entry : numbers.entrySet()) {
      Optional<String> parent = layouts.parentOf(entry.getKey());
      if (parent.isPresent() && Objects.equals(numbers.get(parent.get()), entry.getValue())) {
        continue;
      }
      json.writeNumberField(entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  /** The struct the argument points to, when it does (through typedefs). */
  public static Optional<String> argStruct(LayoutSet layouts, IoctlSpec ioctl) {
    if (ioctl.argMode() != IoctlSpec.ArgMode.POINTER || ioctl.arg().isEmpty()) {
      return Optional.empty();
    }
    String base = ioctl.arg().get().base();
    for (int depth = 0; depth < 16; depth++) {
      if (layouts.specs().struct(base).isPresent()) {
        return Optional.of(base);
      }
      Optional<String> next = layouts.specs().typedef(base).flatMap(t -> t.target().defaultValue())
          .filter(t -> !t.pointer() && !t.isArray()).map(t -> t.base());
      if (next.isEmpty()) {
        return Optional.empty();
      }
      base = next.get();
    }
    return Optional.empty();
  }

  private static boolean sameAsParent(LayoutSet layouts, String abi, StructLayout layout,
      java.util.function.Function<String, Optional<StructLayout>> lookup) {
    Optional<StructLayout> parent = layouts.parentOf(abi).flatMap(lookup);
    return parent.isPresent() && fingerprint(parent.get()).equals(fingerprint(layout));
  }

  private static String fingerprint(StructLayout layout) {
    StringBuilder text = new StringBuilder(layout.cType()).append(layout.size()).append('/').append(layout.align());
    for (StructLayout.Field field : layout.fields()) {
      CType type = field.member().type();
      text.append(';').append(field.path()).append('@').append(field.offset()).append(':').append(type.size())
          .append(field.member().bitOffset()).append(type.spelling());
    }
    return text.toString();
  }
}
