package dev.compat32.generator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The count language: precedence, parentheses, members by path, and faults at their column. */
class CountExprTest {
  private static final SourceLocation AT = new SourceLocation(Path.of("t.yaml"), 3, 20);

  private static Optional<CountExpr> parse(String text, Diagnostics diagnostics) {
    return CountExpr.parse(text, AT, diagnostics);
  }

  @Test
  void multiplicationBindsTighterAndParenthesesGroup() {
    Diagnostics d = new Diagnostics();
    assertThat(parse("a + b * 2", d)).contains(new CountExpr.Binary('+', new CountExpr.Ref("a"),
        new CountExpr.Binary('*', new CountExpr.Ref("b"), new CountExpr.Literal(2))));
    assertThat(parse("(n + 1) * 0x930", d)).contains(new CountExpr.Binary('*',
        new CountExpr.Binary('+', new CountExpr.Ref("n"), new CountExpr.Literal(1)), new CountExpr.Literal(0x930)));
    assertThat(parse("hdr.count - 1", d).orElseThrow().members()).containsExactly("hdr.count");
    assertThat(parse("n", d).orElseThrow().singleMember()).contains("n");
    assertThat(parse("n * 1", d).orElseThrow().singleMember()).isEmpty();
    assertThat(d.hasErrors()).isFalse();
  }

  @Test
  void faultsNameTheirColumn() {
    for (String[] bad : new String[][] {{"a +", "ends early"}, {"(a", "expected ')'"}, {"a $ b", "expected an operator"},
        {"99999999999999999999", "no number that fits"}}) {
      Diagnostics d = new Diagnostics();
      assertThat(parse(bad[0], d)).isEmpty();
      assertThat(d.sorted()).singleElement().satisfies(diagnostic -> {
        assertThat(diagnostic.message()).contains(bad[1]);
        assertThat(diagnostic.location().line()).isEqualTo(3);
        assertThat(diagnostic.location().column()).isGreaterThanOrEqualTo(20);
      });
    }
  }
}
