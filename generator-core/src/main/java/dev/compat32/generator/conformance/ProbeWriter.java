package dev.compat32.generator.conformance;

import dev.compat32.generator.diagnostics.SourceLocation;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.layout.StructLayout;
import dev.compat32.generator.spec.IoctlSpec;
import dev.compat32.generator.spec.SpecFile;
import dev.compat32.generator.spec.StructSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the C probe for one spec file on one ABI: {@code sizeof}, {@code _Alignof}, each member's
 * {@code offsetof} and size, each bitfield's bit position and width, and each ioctl number, all
 * taken from the system's UAPI headers by the real compiler.
 *
 * <p>A probe that can run prints {@code id value} lines. One that cannot (a cross target) declares
 * {@code char compat32_probe_ID[VALUE + 1]} so that {@code nm -S} reads each value back as a
 * symbol size; ioctl numbers are split into 16-bit halves to keep those arrays small. Bitfields
 * cannot be measured at compile time, so only running probes check them.
 */
public final class ProbeWriter {
  private final LayoutSet layouts;
  private final String abi;
  private final boolean runs;
  private final StringBuilder body = new StringBuilder();
  private final List<ProbeCheck> checks = new ArrayList<>();

  private ProbeWriter(LayoutSet layouts, String abi, boolean runs) {
    this.layouts = layouts;
    this.abi = abi;
    this.runs = runs;
  }

  public static ProbeProgram write(LayoutSet layouts, SpecFile file, String abi, boolean runs) {
    return new ProbeWriter(layouts, abi, runs).probe(file);
  }

  private ProbeProgram probe(SpecFile file) {
    Set<String> headers = new LinkedHashSet<>(file.headers());
    for (StructSpec struct : file.structs()) {
      layouts.struct(abi, struct).ifPresent(layout -> {
        headers.add(struct.header());
        probeStruct(struct, layout);
      });
    }
    for (IoctlSpec ioctl : file.ioctls()) {
      layouts.number(abi, ioctl).ifPresent(number -> {
        headers.add(ioctl.header());
        probeIoctl(ioctl, number);
      });
    }
    StringBuilder source = new StringBuilder();
    source.append("/* compat32 conformance probe for ").append(file.path().getFileName()).append(" on ").append(abi)
        .append(" (generated) */\n");
    if (runs) {
      source.append("#include <stdio.h>\n#include <string.h>\n");
    }
    // some UAPI headers use _IOR and friends without including what defines them
    source.append("#include <stddef.h>\n#include <linux/ioctl.h>\n");
    headers.stream().filter(h -> !h.isEmpty()).forEach(h -> source.append("#include <").append(h).append(">\n"));
    if (runs) {
      source.append("\nint main(void) {\n").append(body).append("  return 0;\n}\n");
    } else {
      source.append('\n').append(body);
    }
    return new ProbeProgram(source.toString(), checks);
  }

  private void probeStruct(StructSpec struct, StructLayout layout) {
    String c = layout.cType();
    comment(struct.location(), c);
    value("sizeof(" + c + ")", layout.size(), struct.location());
    value("_Alignof(" + c + ")", layout.align(), struct.location());
    for (StructLayout.Field field : layout.fields()) {
      SourceLocation at = field.member().spec().location();
      if (field.member().isBitfield()) {
        if (runs) {
          bitfield(c, field, at);
        }
        continue;
      }
      value("offsetof(" + c + ", " + field.path() + ")", field.offset(), at);
      String access = "((" + c + " *)0)->" + field.path() + (field.member().isFlexible() ? "[0]" : "");
      value("sizeof(" + access + ")", field.member().reportedSize(), at);
    }
  }

  private void probeIoctl(IoctlSpec ioctl, long number) {
    comment(ioctl.location(), ioctl.cName());
    String expression = "((unsigned int)(" + ioctl.cName() + "))";
    if (runs) {
      value(expression, number, ioctl.location());
    } else {
      value(expression + " >> 16", number >>> 16, ioctl.location());
      value(expression + " & 0xffff", number & 0xffff, ioctl.location());
    }
  }

  /** Sets the bitfield to all ones in a zeroed struct and reports its first bit and width. */
  private void bitfield(String cType, StructLayout.Field field, SourceLocation at) {
    int position = checks.size();
    int firstBit = field.offset() * 8 + field.member().bitOffset().orElseThrow();
    checks.add(new ProbeCheck(position, "first bit of " + cType + "." + field.path(), firstBit, at));
    checks.add(new ProbeCheck(position + 1, "width of " + cType + "." + field.path(), field.member().bitWidth().orElseThrow(), at));
    body.append("  { ").append(cType).append(" v; memset(&v, 0, sizeof v); v.").append(field.path()).append(" = -1;\n")
        .append("    const unsigned char *b = (const unsigned char *)&v; long first = -1, n = 0;\n")
        .append("    for (long i = 0; i < (long)sizeof v * 8; i++) if (b[i / 8] >> (i % 8) & 1) { if (first < 0) first = i; n++; }\n")
        .append("    printf(\"").append(position).append(" %ld\\n\", first); printf(\"").append(position + 1)
        .append(" %ld\\n\", n); }\n");
  }

  private void value(String expression, long expected, SourceLocation at) {
    int id = checks.size();
    checks.add(new ProbeCheck(id, expression, expected, at));
    if (runs) {
      body.append("  printf(\"").append(id).append(" %llu\\n\", (unsigned long long)(").append(expression).append("));\n");
    } else {
      body.append("char compat32_probe_").append(id).append("[(").append(expression).append(") + 1];\n");
    }
  }

  private void comment(SourceLocation at, String what) {
    body.append(runs ? "  " : "").append("/* ").append(at.file().getFileName()).append(':').append(at.line())
        .append(' ').append(what.replace("*/", "* /")).append(" */\n");
  }
}
