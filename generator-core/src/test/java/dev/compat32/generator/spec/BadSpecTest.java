package dev.compat32.generator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.compat32.generator.SpecFixture;
import dev.compat32.generator.diagnostics.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of spec mistake is reported with file, line, column and what was expected. */
class BadSpecTest {
  @TempDir
  Path dir;

  private SpecFixture fixture() {
    return new SpecFixture(dir);
  }

  private static void assertProblem(List<Diagnostic> problems, Path file, int line, int column, String... fragments) {
    assertThat(problems).as("problems: %s", problems).anySatisfy(d -> {
      assertThat(d.location().file()).isEqualTo(file);
      assertThat(d.location().line()).isEqualTo(line);
      assertThat(d.location().column()).isEqualTo(column);
      assertThat(d.message()).contains(fragments);
    });
  }

  @Test
  void yamlSyntaxError() throws Exception {
    SpecFixture f = fixture().file("broken.yaml", """
        structs:
          a:
            fields: [{name: x, type: int}
        """);
    assertProblem(f.problems(), f.path("broken.yaml"), 4, 1, "YAML syntax: the list opened at 3:13 is not closed: expected ',' or ']'");
  }

  @Test
  void yamlSyntaxErrorsAreWhereTheParserFoundThemInOurWords() throws Exception {
    SpecFixture f = fixture().file("indent.yaml", """
        structs:
          a:
            fields: [{name: x, type: int}]
          b:
            fields: [{name: y, type: int}]
         extra: 1
        """).file("tab.yaml", "structs:\n  a:\n    fields:\n\t- {name: x, type: int}\n")
        .file("colon.yaml", "headers: a: b\n");
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("indent.yaml"), 6, 2, "not indented like the block opened at 1:1");
    assertProblem(problems, f.path("tab.yaml"), 4, 1, "a tab character; YAML indents with spaces only");
    assertProblem(problems, f.path("colon.yaml"), 1, 11, "a ':' where a plain value was expected");
    assertThat(problems).noneSatisfy(d -> assertThat(d.message()).contains("<block end>"));
  }

  @Test
  void unknownType() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: x, type: int}
              - {name: y, type: __u33}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 6, 25, "unknown type '__u33'", "expected a C base type, a typedef or a struct");
  }

  @Test
  void dataDirectionOnlyOnACountedPointerAndOnlyInOutOrInout() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: n, type: __u32, dir: out}
              - {name: items, type: "__u32 *", count: n, dir: both}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 5, 37, "field 'n' of struct 'a' has 'dir' but is not a pointer (or address) with a 'count'");
    assertProblem(f.problems(), f.path("t.yaml"), 6, 55, "dir is 'both'; expected in, out or inout");
  }

  @Test
  void outOnErrorIsTrueOrFalse() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        ioctls:
          X_GET: {dir: r, type: 'X', nr: 1, size: int, outOnError: maybe}
        """);
    assertThat(f.problems()).hasSize(1);
    assertProblem(f.problems(), f.path("t.yaml"), 3, 60, "outOnError is 'maybe'; expected true or false");
  }

  @Test
  void unknownCountField() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: n, type: __u32}
              - {name: items, type: "__u32[]", count: nn}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 6, 47, "count of 'items' names 'nn'", "expected one of: n, items");
  }

  @Test
  void unknownSelectorField() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: kind, type: int}
              - name: u
                select: {field: knid, cases: {1: i}}
                union:
                  - {name: i, type: int}
                  - {name: l, type: long}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 7, 17, "selector of 'u' names 'knid'", "expected one of");
  }

  @Test
  void selectorCaseNamingNoMember() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: kind, type: int}
              - name: u
                select: {field: kind, cases: {1: q}}
                union:
                  - {name: i, type: int}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 7, 17, "names 'q', which is no member of 'u'", "expected one of: i");
  }

  @Test
  void duplicateStructAcrossFiles() throws Exception {
    SpecFixture f = fixture()
        .file("a.yaml", "headers: [a.h]\nstructs:\n  thing:\n    fields: [{name: x, type: int}]\n")
        .file("b.yaml", "headers: [b.h]\nstructs:\n  thing:\n    fields: [{name: y, type: int}]\n");
    assertProblem(f.problems(), f.path("b.yaml"), 3, 3, "duplicate type name 'thing'", "first declared at " + f.path("a.yaml") + ":3:3");
  }

  @Test
  void duplicateField() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: x, type: int}
              - union:
                  - {name: x, type: short}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 7, 13, "duplicate field 'x' in struct 'a'", "first at line 5");
  }

  @Test
  void duplicateIoctlAcrossFilesAndDuplicateKeyInOneFile() throws Exception {
    SpecFixture f = fixture()
        .file("a.yaml", "headers: [a.h]\nioctls:\n  MY_GET: {dir: r, type: 'M', nr: 1, arg: int}\n")
        .file("b.yaml", "headers: [b.h]\nioctls:\n  MY_GET: {dir: r, type: 'M', nr: 2, arg: int}\n  MY_SET: {number: 1}\n  MY_SET: {number: 2}\n");
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("b.yaml"), 3, 3, "duplicate ioctl 'MY_GET'", "first declared at " + f.path("a.yaml") + ":3:3");
    assertProblem(problems, f.path("b.yaml"), 5, 3, "duplicate key 'MY_SET'", "first at line 4");
  }

  @Test
  void cyclicNesting() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          outer:
            fields: [{name: inner, type: inner}]
          inner:
            fields: [{name: back, type: outer}]
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 3, 3, "cyclic nesting: outer -> inner -> outer", "expected a pointer");
  }

  @Test
  void pointerCycleIsFine() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          node:
            fields: [{name: next, type: "node *"}, {name: value, type: int}]
        """);
    assertThat(f.layOut().struct("i386", "node").orElseThrow().size()).isEqualTo(8);
  }

  @Test
  void badDirection() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        ioctls:
          MY_GET: {dir: sideways, type: 'M', nr: 1, arg: int}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 3, 17, "dir is 'sideways'", "expected none, r, w or rw");
  }

  @Test
  void valueOutOfRange() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        ioctls:
          MY_GET: {dir: r, type: 'M', nr: 300, arg: int}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 3, 35, "'nr' is 300, out of range", "expected 0 to 255");
  }

  @Test
  void unknownSizeType() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        ioctls:
          MY_GET: {dir: r, type: 'M', nr: 1, size: struct nothing, arg: int}
        """);
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("t.yaml"), 3, 44, "unknown type 'nothing'");
    assertThat(problems).as("the ioctl's size is a follow-on of the unknown type, not a second problem").hasSize(1);
  }

  @Test
  void sizeTooLargeForTheEncoding() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        ioctls:
          MY_BIG: {dir: r, type: 'M', nr: 1, arg: "char[20000]"}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 3, 3, "size 20000 does not fit the 14-bit field of _IOC", "at most 16383");
  }

  @Test
  void unknownKeyListsTheExpectedOnes() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: x, tpye: int}
        """);
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("t.yaml"), 5, 19, "unknown key 'tpye'", "expected one of: name, type, union, struct, bits");
    assertProblem(problems, f.path("t.yaml"), 5, 9, "needs exactly one of 'type', 'union' or 'struct'");
  }

  @Test
  void flexibleArrayMustBeLast() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: n, type: int}
              - {name: items, type: "int[]", count: n}
              - {name: after, type: int}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 6, 9, "flexible array member 'items' must be the last member");
  }

  @Test
  void bitfieldWiderThanItsType() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: flags, type: __u16, bits: 17}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 5, 9, "bitfield 'flags' is 17 bits wide; its type __u16 holds 16");
  }

  @Test
  void aliasOfUnknownIoctlAndUnknownAbiKey() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        ioctls:
          MY_ALIAS: {alias: {default: NOPE, i368: NOPE}}
        """);
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("t.yaml"), 3, 3, "alias of unknown ioctl 'NOPE'");
    assertProblem(problems, f.path("t.yaml"), 3, 37, "unknown ABI 'i368'", "expected 'default' or one of: ");
  }

  @Test
  void everyProblemOfARunIsReported() throws Exception {
    SpecFixture f = fixture()
        .file("a.yaml", "headers: [a.h]\nstructs:\n  a:\n    fields: [{name: x, type: nope1}]\n")
        .file("b.yaml", "headers: [b.h]\nioctls:\n  B: {dir: up, type: 'B', nr: 1}\n  C: {dir: r, type: 999, nr: 1, arg: int}\n");
    List<Diagnostic> problems = f.problems();
    assertThat(problems).hasSize(3);
    assertThat(problems).extracting(d -> d.location().file().getFileName().toString()).containsExactly("a.yaml", "b.yaml", "b.yaml");
  }

  @Test
  void missingHeaderIsReported() throws Exception {
    SpecFixture f = fixture().file("t.yaml", "structs:\n  a:\n    fields: [{name: x, type: int}]\n");
    assertProblem(f.problems(), f.path("t.yaml"), 1, 1, "without a 'header'");
  }

  @Test
  void anAbiWithoutAPointerTypeIsALocatedError() throws Exception {
    SpecFixture f = fixture().file("abi.yaml", """
        abi:
          name: tiny
          byteOrder: little
          charSigned: true
          types:
            char: {size: 1, align: 1}
            int: {size: 4, align: 4}
          ioc: {nrBits: 8, typeBits: 8, sizeBits: 14, dirBits: 2, none: 0, write: 1, read: 2}
        """).file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields: [{name: p, type: void *}]
        """);
    assertProblem(f.problems(), f.path("abi.yaml"), 2, 3, "ABI 'tiny' does not give the size of 'pointer'");
  }

  @Test
  void anArraySizeBeyondLongIsALocatedError() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields: [{name: x, type: "char[18446744073709551616]"}]
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 4, 30, "array size", "18446744073709551616");
  }

  @Test
  void arrayDimensionsWhoseProductOverflowsAreALocatedError() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields: [{name: big, type: "char[65536][65536]"}]
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 4, 32, "too large");
  }

  @Test
  void aSpecFileOverTheSizeLimitIsRejectedBeforeItIsParsed() throws Exception {
    SpecFixture f = fixture().file("huge.yaml", "x: \"" + "a".repeat((int) SpecLoader.MAX_FILE_BYTES) + "\"\n");
    assertProblem(f.problems(), f.path("huge.yaml"), 1, 1, "at most " + SpecLoader.MAX_FILE_BYTES);
  }

  @Test
  void oneUnknownTypeIsOneProblemWithASuggestion() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields: [{name: x, type: __u33}]
          b:
            fields: [{name: inner, type: a}]
        ioctls:
          A_GET: {dir: r, type: 'A', nr: 1, arg: a}
          B_GET: {dir: r, type: 'A', nr: 2, arg: b}
        """);
    List<Diagnostic> problems = f.problems();
    assertThat(problems).as("no follow-on errors per ABI, per user of the struct or per ioctl: %s", problems).hasSize(1);
    assertProblem(problems, f.path("t.yaml"), 4, 30, "unknown type '__u33'", "did you mean '__u32'?");
  }

  @Test
  void oneBadTypedefIsOneProblemHoweverOftenItIsUsed() throws Exception {
    StringBuilder users = new StringBuilder("headers: [t.h]\nstructs:\n");
    for (int i = 0; i < 50; i++) {
      users.append("  s").append(i).append(":\n    fields: [{name: x, type: my_u32}, {name: y, type: my_u32}]\n");
    }
    SpecFixture f = fixture().file("types.yaml", """
        typedefs:
          my_u32: unsigned itn
        """).file("t.yaml", users.toString());
    List<Diagnostic> problems = f.problems();
    assertThat(problems).as("%s", problems).hasSize(1);
    assertProblem(problems, f.path("types.yaml"), 2, 11, "unknown type 'unsigned itn'", "did you mean 'unsigned int'?");
  }

  @Test
  void aCountFieldIsLocatedAtItsNameWithASuggestion() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: len, type: __u32}
              - {name: data, type: "__u8 *", count: {field: lne}}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 6, 53, "names 'lne'", "did you mean 'len'?");
  }

  @Test
  void anUnknownKeySuggestsTheKnownOne() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            feilds: [{name: x, type: int}]
        """);
    assertThat(f.problems()).anySatisfy(d -> assertThat(d.message()).contains("unknown key 'feilds'", "did you mean 'fields'?"));
  }

  @Test
  void nestingDeeperThanTheLimitIsOneLocatedError() throws Exception {
    StringBuilder yaml = new StringBuilder("headers: [t.h]\nstructs:\n");
    for (int i = 0; i < 1000; i++) {
      yaml.append("  s").append(i).append(":\n    fields: [{name: x, type: ").append(i == 999 ? "int" : "s" + (i + 1)).append("}]\n");
    }
    SpecFixture f = fixture().file("deep.yaml", yaml.toString());
    List<Diagnostic> problems = f.problems();
    assertThat(problems).as("%s", problems).hasSize(1);
    // s0 holds s1 ... : the limit is passed at the 65th level, s64, declared on line 3 + 2 * 64
    assertProblem(problems, f.path("deep.yaml"), 3 + 2 * 64, 3, "struct 's64' is nested more than 64 levels deep (in 's0')");
  }

  @Test
  void aSyntaxErrorInATypesFileIsOneProblemNotOnePerUseOfItsTypes() throws Exception {
    StringBuilder users = new StringBuilder("headers: [t.h]\nstructs:\n");
    for (int i = 0; i < 50; i++) {
      users.append("  s").append(i).append(":\n    fields: [{name: x, type: my_u32}]\n");
    }
    SpecFixture f = fixture().file("types.yaml", """
        typedefs:
          my_u32: unsigned int
         my_u16: unsigned short
        """).file("t.yaml", users.toString());
    List<Diagnostic> problems = f.problems();
    assertThat(problems).as("%s", problems).hasSize(1);
    assertThat(problems.get(0).location().file()).isEqualTo(f.path("types.yaml"));
    assertThat(problems.get(0).message()).startsWith("YAML syntax: ");
  }

  // ---- pointer safety: refused by the check pass before anything is emitted ----------------------

  @Test
  void aUnionWhosePointerMembersDoNotConvertAlikeNeedsToBeToldWhichIsLive() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: kind, type: int}
              - name: u
                union:
                  - {name: word, type: int}
                  - {name: data, type: "void *"}
        """);
    assertProblem(f.generationProblems(), f.path("t.yaml"), 6, 9, "union 'u' of struct 'a' holds pointers (data)",
        "say which member is live: 'select' on the member");
  }

  @Test
  void aNamedUnionWithPointersNeedsADefaultForItsOwnCodec() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          v:
            kind: union
            fields:
              - {name: word, type: int}
              - {name: data, type: "void *"}
        """);
    assertProblem(f.generationProblems(), f.path("t.yaml"), 3, 3, "union 'v' holds pointers (data)", "'default' on a named union");
  }

  @Test
  void aStructPointerWithoutCountWhoseTargetDiffersSaysWhatToWrite() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          item:
            fields:
              - {name: id, type: long}
          a:
            fields:
              - {name: first, type: "item *"}
        """);
    assertProblem(f.generationProblems(), f.path("t.yaml"), 8, 9, "'first' of struct 'a' points to 'item', whose layout differs",
        "write 'count: 1'", "'opaque: true'");
  }

  @Test
  void aFlexibleArrayWithoutCountIsALocatedError() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: n, type: int}
              - {name: items, type: "long[]"}
        """);
    assertProblem(f.generationProblems(), f.path("t.yaml"), 6, 9, "flexible array member 'items' of struct 'a' has no 'count'");
  }

  @Test
  void aCountedPointerBackToItsOwnStructIsRefused() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          pc:
            fields:
              - {name: n, type: int}
              - {name: next, type: "pc *", count: n}
        """);
    assertProblem(f.generationProblems(), f.path("t.yaml"), 6, 9, "counted pointers lead from struct 'pc' back to it (pc -> pc)",
        "expected 'opaque: true'");
  }

  @Test
  void anExpressionCannotBeAByteCountThatMustBeRescaled() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          item:
            fields:
              - {name: id, type: long}
          a:
            fields:
              - {name: n, type: int}
              - {name: items, type: "item *", count: {field: "n * 2", unit: bytes}}
        """);
    assertProblem(f.generationProblems(), f.path("t.yaml"), 9, 54, "the byte count 'n * 2' of 'items' is an expression",
        "expected one member, or a count in elements");
  }

  @Test
  void countExpressionsAreParsedWithTheColumnOfTheFault() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: w, type: int}
              - {name: p, type: "char *", count: "w * * 2"}
              - {name: q, type: "char *", count: "w * nope"}
        """);
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("t.yaml"), 6, 46, "count 'w * * 2': unexpected '*' at column 5");
    assertProblem(problems, f.path("t.yaml"), 7, 42, "count of 'q' names 'nope', which is no member of struct 'a'");
  }

  @Test
  void selectNeedsAFieldWithCasesOrADefault() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: kind, type: int}
              - name: u
                select: {cases: {1: x}}
                union:
                  - {name: x, type: int}
              - name: w
                select: {default: nothing}
                union:
                  - {name: x2, type: int}
        """);
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("t.yaml"), 7, 17, "'select' needs 'field' with 'cases', or a 'default' member");
    assertProblem(problems, f.path("t.yaml"), 11, 17, "select default names 'nothing', which is no member of 'w'");
  }

  @Test
  void addressOpaqueAndUnionDefaultAreCheckedWhereWritten() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            default: x
            fields:
              - {name: n, type: int}
              - {name: p, type: "char[4]", address: true}
              - {name: q, type: "char *", opaque: true, count: n}
              - {name: r, type: __u16, address: true}
          v:
            kind: union
            default: y
            fields:
              - {name: x, type: int}
        """);
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("t.yaml"), 4, 14, "struct 'a' has 'default' but is no union");
    assertProblem(problems, f.path("t.yaml"), 7, 45, "'p' of struct 'a' has 'address' but is not an integer member");
    assertProblem(problems, f.path("t.yaml"), 8, 43, "has both 'opaque' and 'count'");
    assertProblem(problems, f.path("t.yaml"), 9, 9, "'r' has 'address' but its type __u16 is narrower than a pointer",
        "on every ABI");
    assertThat(problems).as("one report for the one fault, not one per ABI").hasSize(5);
    assertProblem(problems, f.path("t.yaml"), 12, 14, "'default' of union 'v' names 'y', which is no member; expected one of: x");
  }

  @Test
  void unsupportedNamesAnErrnoLinuxHas() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        ioctls:
          A: {number: 0x1234, unsupported: {reason: "gone", errno: EWHATEVER}}
        """);
    assertProblem(f.problems(), f.path("t.yaml"), 3, 60, "errno 'EWHATEVER' is unknown; expected one of:", "EINVAL");
  }

  @Test
  void aDirectionOrATargetChosenByAMemberIsCheckedWhereWritten() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          a:
            fields:
              - {name: n, type: int}
              - {name: p, type: "char *", count: n, pointsTo: {field: n, cases: {0: int}}}
              - {name: q, type: "void *", count: n, dir: {field: n, cases: {0: sideways}}}
              - {name: r, type: "void *", count: n, dir: {field: nope, cases: {0: in}}}
        ioctls:
          A: {dir: r, type: 'A', nr: 1, arg: a, argDir: both}
        """);
    List<Diagnostic> problems = f.problems();
    assertProblem(problems, f.path("t.yaml"), 6, 55, "'p' of struct 'a' has 'pointsTo' but is not a 'void *' with a 'count'");
    assertProblem(problems, f.path("t.yaml"), 7, 72, "dir is 'sideways'; expected in, out or inout");
    assertProblem(problems, f.path("t.yaml"), 8, 50, "'dir' of 'r' names 'nope', which is no member of struct 'a'");
    assertProblem(problems, f.path("t.yaml"), 10, 49, "dir is 'both'; expected in, out or inout");
  }

  @Test
  void aTargetChosenAtRunTimeCannotHaveAByteCountThatMustBeRescaled() throws Exception {
    SpecFixture f = fixture().file("t.yaml", """
        headers: [t.h]
        structs:
          iov:
            fields:
              - {name: base, type: "void *"}
              - {name: len, type: unsigned long}
          a:
            fields:
              - {name: n, type: int}
              - name: p
                type: "void *"
                count: n
                pointsTo: {field: n, cases: {0: __u8}, default: {type: iov, count: {field: n, unit: bytes}}}
        """);
    assertProblem(f.generationProblems(), f.path("t.yaml"), 13, 19, "'pointsTo' of 'p' names 'iov', which is 8 bytes on i386 and 16",
        "expected its count in elements");
  }
}
