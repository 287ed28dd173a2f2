package dev.compat32.generator.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The import's report: counts per class and per family, every ioctl with its header, C name,
 * class and numbers, the collisions, and what was skipped with why; as JSON and as a markdown
 * table. Both are the same bytes for the same headers (no times, no paths).
 */
public final class ImportReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ImportReport() {}

  public static String json(ImportResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("headersRead", result.headersRead());
    root.put("ioctls", result.ioctls().size());
    ObjectNode classes = root.putObject("classes");
    result.countsByClass().forEach(classes::put);
    ObjectNode families = root.putObject("families");
    result.countsByFamily().forEach((family, counts) -> {
      ObjectNode node = families.putObject(family);
      counts.forEach(node::put);
    });
    root.put("collisionGroups", result.collisions().size());
    ObjectNode collisions = root.putObject("collisions");
    result.collisions().forEach((number, names) -> {
      ArrayNode list = collisions.putArray(SpecYamlWriter.hex(number));
      names.forEach(list::add);
    });
    ArrayNode ioctls = root.putArray("commands");
    for (ClassifiedIoctl ioctl : result.ioctls()) {
      ObjectNode node = ioctls.addObject();
      node.put("name", ioctl.macro().name());
      node.put("cName", ioctl.macro().name());
      node.put("header", ioctl.macro().header());
      node.put("class", ioctl.kind().label());
      ioctl.arg().ifPresent(a -> node.put("arg", a));
      ObjectNode numbers = node.putObject("numbers");
      ioctl.numbers().forEach((abi, n) -> numbers.put(abi, SpecYamlWriter.hex(n)));
      ioctl.reason().ifPresent(r -> node.put("unsupported", r));
    }
    put(root.putObject("skippedHeaders"), result.skippedHeaders());
    put(root.putObject("skippedMacros"), result.skippedMacros());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String markdown(ImportResult result) {
    List<String> labels = result.countsByClass().keySet().stream().toList();
    StringBuilder out = new StringBuilder("| family | ").append(String.join(" | ", labels)).append(" | total |\n|---|");
    labels.forEach(l -> out.append("---:|"));
    out.append("---:|\n");
    for (Map.Entry<String, SortedMap<String, Integer>> family : result.countsByFamily().entrySet()) {
      row(out, family.getKey(), labels, family.getValue());
    }
    row(out, "**all**", labels, result.countsByClass());
    out.append("\n").append(result.collisions().size()).append(" guest numbers are shared by two or more names; ")
        .append(result.skippedHeaders().size()).append(" headers did not compile alone; ")
        .append(result.skippedMacros().size()).append(" macros were left out (see the JSON report).\n");
    return out.toString();
  }

  private static void row(StringBuilder out, String name, List<String> labels, Map<String, Integer> counts) {
    out.append("| ").append(name).append(" |");
    int total = 0;
    for (String label : labels) {
      int n = counts.getOrDefault(label, 0);
      total += n;
      out.append(' ').append(n).append(" |");
    }
    out.append(' ').append(total).append(" |\n");
  }

  private static void put(ObjectNode node, Map<String, String> values) {
    values.forEach(node::put);
  }
}
