package dev.compat32.generator.yaml;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.List;

public record YamlList(List<YamlNode> items, SourceLocation location) implements YamlNode {

  public YamlList {
    items = List.copyOf(items);
  }

  @Override
  public String describe() {
    return "a list";
  }
}
