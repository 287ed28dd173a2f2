package dev.compat32.generator.layout;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.Suggestion;
import dev.compat32.generator.spec.FieldSpec;
import java.util.List;
import java.util.Optional;

/** Checks that {@code count} and {@code select} name integer members of the same struct. */
final class MemberReferences {
  private MemberReferences() {}

  static void check(StructLayout struct, Diagnostics diagnostics) {
    List<StructLayout.Field> fields = struct.fields();
    for (StructLayout.Field field : fields) {
      FieldSpec spec = field.member().spec();
      spec.count().ifPresent(count -> count.expr().members().forEach(member -> requireInteger(struct, fields, member,
          count.location(), "count of '" + field.path() + "'", diagnostics)));
      spec.dirBy().ifPresent(by -> requireInteger(struct, fields, by.field(), by.location(), "'dir' of '" + field.path() + "'",
          diagnostics));
      spec.pointsTo().ifPresent(by -> requireInteger(struct, fields, by.field(), by.location(),
          "'pointsTo' of '" + field.path() + "'", diagnostics));
      spec.select().ifPresent(select -> {
        select.field().ifPresent(selector -> requireInteger(struct, fields, selector, select.location(),
            "selector of '" + field.path() + "'", diagnostics));
        if (CType.unwrap(field.member().type()) instanceof CType.Aggregate aggregate
            && aggregate.layout().kind() == dev.compat32.generator.spec.AggregateKind.UNION) {
          List<String> names = aggregate.layout().members().stream().flatMap(m -> m.name().stream()).toList();
          select.cases().forEach((value, member) -> {
            if (!names.contains(member)) {
              diagnostics.error(select.location(), "select case " + value + " names '" + member + "', which is no member of '"
                  + field.path() + "'; expected one of: " + String.join(", ", names));
            }
          });
          select.defaultMember().filter(d -> !names.contains(d)).ifPresent(d -> diagnostics.error(select.location(),
              "select default names '" + d + "', which is no member of '" + field.path() + "'; expected one of: "
                  + String.join(", ", names)));
        } else {
          diagnostics.error(select.location(), "'" + field.path() + "' has 'select' but is not a union");
        }
      });
    }
  }

  private static void requireInteger(StructLayout struct, List<StructLayout.Field> fields, String name,
      dev.compat32.generator.diagnostics.SourceLocation location, String what, Diagnostics diagnostics) {
    Optional<StructLayout.Field> target = fields.stream().filter(f -> f.path().equals(name)).findFirst();
    if (target.isEmpty()) {
      List<String> paths = fields.stream().map(StructLayout.Field::path).toList();
      diagnostics.error(location, what + " names '" + name + "', which is no member of struct '" + struct.name() + "'"
          + Suggestion.didYouMean(name, paths) + "; expected one of: " + String.join(", ", paths));
    } else if (!(CType.unwrap(target.get().member().type()) instanceof CType.Scalar scalar) || !scalar.kind().isInteger()) {
      diagnostics.error(location, what + " names '" + name + "' of type " + target.get().member().type().spelling()
          + "; expected an integer member");
    }
  }
}
