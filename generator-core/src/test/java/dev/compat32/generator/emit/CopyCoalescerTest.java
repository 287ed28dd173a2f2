package dev.compat32.generator.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.palantir.javapoet.CodeBlock;
import dev.compat32.generator.SpecFixture;
import dev.compat32.generator.layout.AggregateLayout;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.LayoutSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place raw copies are made: merged when they continue one another, refused over pointers. */
class CopyCoalescerTest {
  @TempDir
  Path dir;

  @Test
  void copiesThatContinueOneAnotherBecomeOne() {
    CopyCoalescer copies = new CopyCoalescer();
    CodeBlock.Builder code = CodeBlock.builder();
    CType word = new CType.Scalar("int", 4, 4, dev.compat32.generator.layout.ScalarKind.SIGNED);
    copies.copy(code, "guest", "g + 0", "host", "h + 0", CopyCoalescer.Bytes.of(word, word), "a");
    copies.copy(code, "guest", "g + 4", "host", "h + 4", CopyCoalescer.Bytes.of(word, word), "b");
    copies.copy(code, "guest", "g + 12", "host", "h + 16", CopyCoalescer.Bytes.of(word, word), "c");
    copies.flush(code);
    assertThat(code.build().toString()).contains("host.set(JAVA_LONG_UNALIGNED, h + 0, guest.get(JAVA_LONG_UNALIGNED, g + 0)); // a .. b")
        .contains("host.set(JAVA_INT_UNALIGNED, h + 16, guest.get(JAVA_INT_UNALIGNED, g + 12)); // c");
  }

  @Test
  void bytesThatHoldAPointerCannotBeCopied() throws Exception {
    LayoutSet layouts = new SpecFixture(dir).file("p.yaml", """
        headers: [p.h]
        structs:
          s:
            fields:
              - {name: n, type: int}
              - name: u
                select: {default: n2}
                union:
                  - {name: n2, type: int}
                  - {name: p, type: "void *"}
              - {name: addr, type: __u64, address: true}
        """).layOut();
    AggregateLayout guest = layouts.struct("i386", "s").orElseThrow().layout();
    AggregateLayout host = layouts.struct("x86_64", "s").orElseThrow().layout();
    assertThatThrownBy(() -> CopyCoalescer.Bytes.of(new CType.Aggregate(guest), new CType.Aggregate(host)))
        .hasMessageContaining("holds a pointer");
    CType addr = guest.members().get(2).type();
    assertThatThrownBy(() -> CopyCoalescer.Bytes.of(addr, addr)).as("an address member is a pointer").hasMessageContaining("holds a pointer");
    AggregateLayout gu = ((CType.Aggregate) guest.members().get(1).type()).layout();
    AggregateLayout hu = ((CType.Aggregate) host.members().get(1).type()).layout();
    assertThatThrownBy(() -> CopyCoalescer.Bytes.ofUnion(gu, hu, 0, 4)).hasMessageContaining("over a pointer at 0..");
    assertThat(CopyCoalescer.Bytes.pointerFree(gu, hu, 0, 8)).isEmpty();
  }
}
