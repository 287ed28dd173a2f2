package dev.compat32.generator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.compat32.generator.BundledSpecs;
import dev.compat32.generator.SpecFixture;
import dev.compat32.generator.diagnostics.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema editors use and the generator judge every snippet of {@code schema-corpus} alike: an
 * external validator (networknt, JSON Schema 2020-12) and the generator both accept each
 * {@code good/} file and both reject each {@code bad/} one. Adding a case is adding a file.
 */
class SchemaCorpusTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static JsonSchema schema;

  @TempDir
  Path work;

  @BeforeAll
  static void loadSchema() throws Exception {
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(new ObjectMapper().readTree(BundledSpecs.root().resolve("compat32-spec.schema.json").toFile()));
  }

  @TestFactory
  Stream<DynamicTest> schemaAndGeneratorAgree() throws Exception {
    Path corpus = Path.of(SchemaCorpusTest.class.getResource("/schema-corpus").toURI());
    List<DynamicTest> tests = new java.util.ArrayList<>();
    for (String verdict : List.of("good", "bad")) {
      try (Stream<Path> files = Files.list(corpus.resolve(verdict))) {
        for (Path file : files.sorted().toList()) {
          tests.add(DynamicTest.dynamicTest(verdict + "/" + file.getFileName(), () -> judge(file, verdict.equals("good"))));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(10);
    return tests.stream();
  }

  private void judge(Path file, boolean good) throws Exception {
    String text = Files.readString(file);
    Set<ValidationMessage> schemaErrors = schema.validate(YAML.readTree(text));
    List<?> generatorErrors;
    try {
      new SpecFixture(work).file(file.getFileName().toString(), text).layOut();
      generatorErrors = List.of();
    } catch (SpecException e) {
      generatorErrors = e.diagnostics();
    }
    if (good) {
      assertThat(schemaErrors).as("the schema accepts it").isEmpty();
      assertThat(generatorErrors).as("the generator accepts it").isEmpty();
    } else {
      assertThat(schemaErrors).as("the schema rejects it").isNotEmpty();
      assertThat(generatorErrors).as("the generator rejects it").isNotEmpty();
    }
  }
}
