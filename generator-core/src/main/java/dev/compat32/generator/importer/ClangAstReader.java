package dev.compat32.generator.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the records and typedefs of a translation unit from clang's JSON AST
 * ({@code -Xclang -ast-dump=json}): members in order with their types as C spells them, anonymous
 * members, bitfield widths, {@code packed} and {@code aligned}. The top-level declarations are read
 * one at a time so a large header does not need the whole tree in memory.
 *
 * <p>Clang writes a location's file only when it changes from the previous location printed, so
 * the current file is followed through every location in print order.
 */
final class ClangAstReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DeclaredTypes types = new DeclaredTypes();
  private String currentFile = "";

  private ClangAstReader() {}

  static DeclaredTypes read(Path astJson) throws IOException {
    ClangAstReader reader = new ClangAstReader();
    try (JsonParser parser = JSON.getFactory().createParser(astJson.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(astJson + ": not a clang JSON AST");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("inner") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            reader.topLevel(JSON.readTree(parser));
          }
        } else {
          parser.skipChildren();
        }
      }
    }
    return reader.types;
  }

  private void topLevel(JsonNode decl) {
    String kind = decl.path("kind").asText();
    if (kind.equals("RecordDecl")) {
      record(decl);
    } else if (kind.equals("TypedefDecl")) {
      String file = follow(decl.path("loc"));
      follow(decl.path("range"));
      String target = decl.path("type").path("qualType").asText();
      types.add(new CTypedef(decl.path("name").asText(), target, recordIdIn(decl.path("inner")), file,
          alignedIn(decl.path("inner"))));
      followAll(decl.path("inner"));
    } else {
      followAll(decl);
    }
  }

  /** Reads a record and, from its members, the records nested in it; returns it when complete. */
  private Optional<CRecord> record(JsonNode decl) {
    String file = follow(decl.path("loc"));
    follow(decl.path("range"));
    if (!decl.path("completeDefinition").asBoolean(false)) {
      followAll(decl.path("inner"));
      return Optional.empty();
    }
    List<CRecord.Member> members = new ArrayList<>();
    boolean packed = false;
    boolean pragmaPack = false;
    OptionalInt aligned = OptionalInt.empty();
    CRecord lastUnnamed = null;
    for (JsonNode child : decl.path("inner")) {
      String kind = child.path("kind").asText();
      switch (kind) {
        case "RecordDecl" -> {
          Optional<CRecord> nested = record(child);
          if (nested.isPresent() && nested.get().name().isEmpty()) {
            lastUnnamed = nested.get();
          }
        }
        case "FieldDecl" -> {
          follow(child.path("loc"));
          follow(child.path("range"));
          String type = child.path("type").path("qualType").asText();
          boolean anonymousRecord = (type.startsWith("struct ") || type.startsWith("union "))
              && (type.contains("(anonymous") || type.contains("(unnamed"));
          Optional<CRecord> inline = anonymousRecord ? Optional.ofNullable(lastUnnamed) : Optional.empty();
          if (anonymousRecord) {
            lastUnnamed = null;
          }
          OptionalInt bits = child.path("isBitfield").asBoolean(false)
              ? OptionalInt.of(firstValue(child.path("inner")).orElse(0)) : OptionalInt.empty();
          members.add(new CRecord.Member(child.path("name").asText(""), type, inline, bits, alignedIn(child.path("inner"))));
          followAll(child.path("inner"));
        }
        case "PackedAttr" -> {
          packed = true;
          followAll(child);
        }
        case "MaxFieldAlignmentAttr" -> {
          pragmaPack = true;
          followAll(child);
        }
        case "AlignedAttr" -> {
          aligned = firstValue(child.path("inner"));
          followAll(child);
        }
        default -> followAll(child);
      }
    }
    CRecord record = new CRecord(decl.path("id").asText(), decl.path("tagUsed").asText("struct"),
        decl.hasNonNull("name") && !decl.path("name").asText().isEmpty() ? Optional.of(decl.path("name").asText()) : Optional.empty(),
        file, List.copyOf(members), packed, aligned, pragmaPack);
    types.add(record);
    return Optional.of(record);
  }

  private static Optional<String> recordIdIn(JsonNode inner) {
    for (JsonNode node : inner) {
      if (node.has("ownedTagDecl")) {
        return Optional.of(node.path("ownedTagDecl").path("id").asText());
      }
      if (node.path("kind").asText().equals("RecordType")) {
        return Optional.of(node.path("decl").path("id").asText());
      }
      if (node.path("kind").asText().equals("ElaboratedType")) {
        Optional<String> deeper = recordIdIn(node.path("inner"));
        if (deeper.isPresent()) {
          return deeper;
        }
      }
    }
    return Optional.empty();
  }

  private static OptionalInt alignedIn(JsonNode inner) {
    for (JsonNode node : inner) {
      if (node.path("kind").asText().equals("AlignedAttr")) {
        return firstValue(node.path("inner"));
      }
    }
    return OptionalInt.empty();
  }

  private static OptionalInt firstValue(JsonNode inner) {
    for (JsonNode node : inner) {
      if (node.has("value")) {
        return OptionalInt.of(Integer.parseInt(node.path("value").asText()));
      }
    }
    return OptionalInt.empty();
  }

  /** Follows the file through a location; returns the file it names (or the current one). */
  private String follow(JsonNode location) {
    if (location.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = location.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("file")) {
          currentFile = field.getValue().asText();
        } else if (!field.getKey().equals("includedFrom") && field.getValue().isObject()) {
          follow(field.getValue());
        }
      }
    }
    return currentFile;
  }

  /** Follows the file through every location below {@code node}, in print order. */
  private void followAll(JsonNode node) {
    if (node.isArray()) {
      node.forEach(this::followAll);
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("loc") || field.getKey().equals("range")) {
        follow(field.getValue());
      } else if (field.getValue().isContainerNode()) {
        followAll(field.getValue());
      }
    }
  }
}
