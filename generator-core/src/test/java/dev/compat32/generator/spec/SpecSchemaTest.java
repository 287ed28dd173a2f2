package dev.compat32.generator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.compat32.generator.BundledSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The JSON Schema that editors use to complete and check spec files accepts every bundled spec,
 * every bundled spec points to it, and it rejects what the generator rejects for shape.
 */
class SpecSchemaTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    JsonNode node = new ObjectMapper().readTree(BundledSpecs.root().resolve("compat32-spec.schema.json").toFile());
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
  }

  @TestFactory
  Stream<DynamicTest> everyBundledSpecValidatesAndPointsToTheSchema() {
    List<Path> files = SpecLoader.findSpecFiles(List.of(BundledSpecs.root()));
    assertThat(files).hasSizeGreaterThan(10);
    return files.stream().map(file -> DynamicTest.dynamicTest(BundledSpecs.root().relativize(file).toString(), () -> {
      String text = Files.readString(file);
      assertThat(text.lines().findFirst().orElse("")).startsWith("# yaml-language-server: $schema=");
      Set<ValidationMessage> errors = schema.validate(YAML.readTree(text));
      assertThat(errors).isEmpty();
    }));
  }

  @Test
  void schemaRejectsWrongShapes() throws Exception {
    assertThat(schema.validate(YAML.readTree("structs: {a: {fields: [{name: x, tpye: int}]}}"))).isNotEmpty();
    assertThat(schema.validate(YAML.readTree("ioctls: {A: {dir: sideways, type: 'a', nr: 1}}"))).isNotEmpty();
    assertThat(schema.validate(YAML.readTree("ioctls: {A: {dir: r, type: 'a', nr: 300, arg: int}}"))).isNotEmpty();
    assertThat(schema.validate(YAML.readTree("structs: {a: {fields: [{name: x, type: 'char[16]', union: []}]}}"))).isNotEmpty();
    assertThat(schema.validate(YAML.readTree("structs: {a: {fields: [{name: x, type: 'char[16]'}]}}"))).isEmpty();
  }
}
