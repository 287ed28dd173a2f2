package dev.compat32.generator.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.SpecFixture;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.LayoutSet;
import dev.compat32.generator.spec.FieldSpec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The union rule on layouts made by the real layout engine (i386 against x86_64). */
class UnionRuleTest {
  @TempDir
  Path dir;

  private record Union(AggregateLayout guest, AggregateLayout host, FieldSpec spec) {}

  private Union union(String members) throws Exception {
    LayoutSet layouts = new SpecFixture(dir).file("u.yaml", """
        headers: [u.h]
        structs:
          s:
            fields:
              - {name: kind, type: int}
              - name: u
        """ + members).layOut();
    AggregateLayout.Member g = layouts.struct("i386", "s").orElseThrow().layout().members().get(1);
    AggregateLayout.Member h = layouts.struct("x86_64", "s").orElseThrow().layout().members().get(1);
    return new Union(((CType.Aggregate) g.type()).layout(), ((CType.Aggregate) h.type()).layout(), g.spec());
  }

  private static UnionRule.Handling decide(Union u, Optional<String> live) {
    return UnionRule.decide(u.guest(), u.host(), u.spec(), live, Optional.empty());
  }

  @Test
  void pointerFreeUnionsCarryTheirSharedBytesOrCopy() throws Exception {
    assertThat(decide(union("""
                union:
                  - {name: a, type: int}
                  - {name: b, type: "char[4]"}
        """), Optional.empty())).isInstanceOf(UnionRule.SameBytes.class);
    assertThat(decide(union("""
                union:
                  - {name: a, type: int}
                  - {name: b, type: long}
        """), Optional.empty())).isInstanceOf(UnionRule.SharedBytes.class);
  }

  @Test
  void aPointerAmongValuesIsRefusedUnlessSomethingSaysWhichIsLive() throws Exception {
    Union mixed = union("""
                union:
                  - {name: a, type: int}
                  - {name: p, type: "void *"}
        """);
    assertThat(decide(mixed, Optional.empty())).isInstanceOfSatisfying(UnionRule.Refused.class,
        r -> assertThat(r.why()).contains("holds pointers (p)"));
    assertThat(decide(mixed, Optional.of("p"))).isEqualTo(new UnionRule.Live("p"));
    assertThat(UnionRule.decide(mixed.guest(), mixed.host(), mixed.spec(), Optional.empty(), Optional.of("a")))
        .isEqualTo(new UnionRule.Live("a"));
  }

  @Test
  void theSamePointerInEveryMemberIsTranslatedOnce() throws Exception {
    assertThat(decide(union("""
                union:
                  - {name: p, type: "void *"}
                  - {name: q, type: "char *"}
        """), Optional.empty())).isInstanceOf(UnionRule.SharedPointer.class);
  }

  @Test
  void aSelectorPicksAtRunTimeAndADefaultAloneIsLive() throws Exception {
    assertThat(decide(union("""
                select: {field: kind, cases: {1: p}}
                union:
                  - {name: a, type: int}
                  - {name: p, type: "void *"}
        """), Optional.empty())).isInstanceOf(UnionRule.Selected.class);
    assertThat(decide(union("""
                select: {default: a}
                union:
                  - {name: a, type: int}
                  - {name: p, type: "void *"}
        """), Optional.empty())).isEqualTo(new UnionRule.Live("a"));
  }
}
