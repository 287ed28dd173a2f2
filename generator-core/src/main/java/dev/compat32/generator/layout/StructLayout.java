package dev.compat32.generator.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A named struct's layout on one ABI with its members flattened, as the report and the compiler
 * probes see them: members of anonymous unions and structs by their own names, members of named
 * inline ones as {@code outer.inner}.
 */
public record StructLayout(String name, String abi, String cType, AggregateLayout layout) {

  /** A flattened member. {@code path} is its C member designator. */
  public record Field(String path, AggregateLayout.Member member, int offset) {}

  public int size() {
    return layout.size();
  }

  public int align() {
    return layout.align();
  }

  public List<Field> fields() {
    List<Field> out = new ArrayList<>();
    flatten(layout, Optional.empty(), 0, out);
    return out;
  }

  private static void flatten(AggregateLayout aggregate, Optional<String> prefix, int base, List<Field> out) {
    for (AggregateLayout.Member member : aggregate.members()) {
      Optional<String> path = member.name().map(n -> prefix.map(p -> p + "." + n).orElse(n));
      int offset = base + member.offset();
      path.ifPresent(p -> out.add(new Field(p, member, offset)));
      if (member.spec().inline().isPresent() && CType.unwrap(member.type()) instanceof CType.Aggregate inner) {
        flatten(inner.layout(), path.isPresent() ? path : prefix, offset, out);
      }
    }
  }
}
