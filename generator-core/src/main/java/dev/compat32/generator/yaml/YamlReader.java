package dev.compat32.generator.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a YAML document into {@link YamlNode}s carrying line and column. Jackson's tree model
 * forgets locations, so the tree is built here from the streaming parser.
 */
public final class YamlReader {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private YamlReader() {}

  /** Reads {@code file}; syntax errors and duplicate keys go to {@code diagnostics}. */
  public static Optional<YamlNode> read(Path file, String content, Diagnostics diagnostics) {
    try (JsonParser parser = FACTORY.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        diagnostics.error(SourceLocation.ofFile(file), "the file is empty; expected a mapping");
        return Optional.empty();
      }
      return Optional.of(readValue(parser, file, diagnostics));
    } catch (JsonProcessingException e) {
      Optional<YamlSyntaxProblem> problem = YamlSyntaxProblem.of(file, e.getCause());
      if (problem.isPresent()) {
        diagnostics.error(problem.get().location(), "YAML syntax: " + problem.get().message());
        return Optional.empty();
      }
      JsonLocation at = e.getLocation();
      SourceLocation location =
          at == null ? SourceLocation.ofFile(file) : new SourceLocation(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
      diagnostics.error(location, "YAML syntax: " + syntaxProblem(e));
      return Optional.empty();
    } catch (IOException e) {
      diagnostics.error(SourceLocation.ofFile(file), "cannot read: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The first line of the parser's message, without its echo of the input. */
  private static String syntaxProblem(JsonProcessingException e) {
    return e.getOriginalMessage().lines().findFirst().orElse("unreadable");
  }

  private static YamlNode readValue(JsonParser parser, Path file, Diagnostics diagnostics)
      throws IOException {
    SourceLocation location = locationOf(parser, file);
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          SourceLocation keyLocation = locationOf(parser, file);
          parser.nextToken();
          YamlNode value = readValue(parser, file, diagnostics);
          if (entries.containsKey(key)) {
            diagnostics.error(keyLocation, "duplicate key '" + key + "' (first at line "
                + entries.get(key).keyLocation().line() + ")");
          } else {
            entries.put(key, new YamlMap.Entry(key, keyLocation, value));
          }
        }
        return new YamlMap(entries, location);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(parser, file, diagnostics));
        }
        return new YamlList(items, location);
      }
      case VALUE_NULL -> {
        return new YamlScalar("", true, location);
      }
      default -> {
        return new YamlScalar(parser.getText(), false, location);
      }
    }
  }

  private static SourceLocation locationOf(JsonParser parser, Path file) {
    JsonLocation at = parser.currentTokenLocation();
    return new SourceLocation(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }
}
