package dev.compat32.generator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.compat32.generator.BundledSpecs;
import dev.compat32.generator.SpecFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shape of layouts.json, which downstream tools read. */
class LayoutReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static JsonNode find(JsonNode array, String name) {
    for (JsonNode node : array) {
      if (node.get("name").asText().equals(name)) {
        return node;
      }
    }
    throw new AssertionError("no " + name);
  }

  @Test
  void bundledReportHasTheDocumentedShape() throws Exception {
    JsonNode report = JSON.readTree(LayoutReport.toJson(BundledSpecs.layouts()));
    assertThat(report.get("structs").size()).isGreaterThanOrEqualTo(60);
    assertThat(report.get("ioctls").size()).isGreaterThanOrEqualTo(150);

    JsonNode fiemap = find(report.get("structs"), "fiemap");
    assertThat(fiemap.get("cType").asText()).isEqualTo("struct fiemap");
    assertThat(fiemap.get("header").asText()).isEqualTo("linux/fiemap.h");
    List<String> abis = new ArrayList<>();
    fiemap.get("layouts").fieldNames().forEachRemaining(abis::add);
    assertThat(abis).containsExactly("aarch64", "i386", "x86_64");
    JsonNode i386 = fiemap.get("layouts").get("i386");
    assertThat(i386.get("size").asInt()).isEqualTo(32);
    assertThat(i386.get("align").asInt()).isEqualTo(4);
    assertThat(i386.get("fields").get(0).get("name").asText()).isEqualTo("fm_start");
    assertThat(i386.get("fields").get(0).get("offset").asInt()).isZero();
    assertThat(i386.get("fields").get(0).get("size").asInt()).isEqualTo(8);
    JsonNode extents = find(i386.get("fields"), "fm_extents");
    assertThat(extents.get("flexible").asBoolean()).isTrue();
    assertThat(fiemap.get("layouts").get("x86_64").get("align").asInt()).isEqualTo(8);

    JsonNode perf = find(report.get("structs"), "perf_event_attr").get("layouts").get("x86_64");
    JsonNode precise = find(perf.get("fields"), "precise_ip");
    assertThat(precise.get("bitfield").asBoolean()).isTrue();
    assertThat(precise.get("bits").asInt()).isEqualTo(2);
    assertThat(find(perf.get("fields"), "sample_freq").get("offset").asInt()).isEqualTo(16);

    JsonNode qbuf = find(report.get("ioctls"), "VIDIOC_QBUF");
    assertThat(qbuf.get("arg").asText()).isEqualTo("v4l2_buffer");
    assertThat(qbuf.get("numbers").get("i386").asLong()).isEqualTo(0xc044560fL);
    assertThat(qbuf.get("numbers").get("i386-time64").asLong()).isEqualTo(0xc04c560fL);
    assertThat(qbuf.get("numbers").get("x86_64").asLong()).isEqualTo(0xc058560fL);
    JsonNode getflags = find(report.get("ioctls"), "FS_IOC_GETFLAGS");
    assertThat(getflags.get("numbers").has("i386-time64")).as("variants appear only where they differ").isFalse();
    assertThat(getflags.has("arg")).as("arg names a struct only").isFalse();
    assertThat(find(report.get("structs"), "v4l2_buffer").get("layouts").has("i386-time64")).isTrue();
    assertThat(find(report.get("structs"), "termios").get("layouts").has("i386-time64")).isFalse();
  }

  @Test
  void perAbiCTypeIsReportedWhereItDiffers() throws Exception {
    SpecFixture fixture = new SpecFixture(dir).file("s.yaml", """
        headers: [asm/stat.h]
        structs:
          stat64:
            cType: {default: struct stat64, x86_64: struct stat}
            fields: [{name: st_dev, type: unsigned long long}]
        """);
    JsonNode stat = find(JSON.readTree(LayoutReport.toJson(fixture.layOut())).get("structs"), "stat64");
    assertThat(stat.get("cType").asText()).isEqualTo("struct stat64");
    assertThat(stat.get("layouts").get("x86_64").get("cType").asText()).isEqualTo("struct stat");
    assertThat(stat.get("layouts").get("i386").has("cType")).isFalse();
  }

  @Test
  void multiDimensionalArraysAreSpelledAsDeclared() throws Exception {
    SpecFixture fixture = new SpecFixture(dir).file("s.yaml", """
        headers: [s.h]
        structs:
          grid:
            fields: [{name: cells, type: "short[2][3]"}]
        """);
    JsonNode cells = find(find(JSON.readTree(LayoutReport.toJson(fixture.layOut())).get("structs"), "grid")
        .get("layouts").get("i386").get("fields"), "cells");
    assertThat(cells.get("type").asText()).isEqualTo("short[2][3]");
    assertThat(cells.get("size").asInt()).isEqualTo(12);
  }

  @Test
  void reportIsDeterministic() throws Exception {
    assertThat(LayoutReport.toJson(BundledSpecs.layouts())).isEqualTo(LayoutReport.toJson(BundledSpecs.layouts()));
  }
}
