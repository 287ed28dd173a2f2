package dev.compat32.generator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer owns only what its manifest lists: it never replaces or deletes anything else. */
class OutputWriterTest {
  @TempDir
  Path work;

  private static OutputFile file(String path, String content) {
    return new OutputFile(Path.of(path), content);
  }

  @Test
  void aForeignFileAtAnOutputPathFailsTheRunBeforeAnythingIsWritten() throws Exception {
    Path root = work.resolve("out");
    Path handWritten = root.resolve("p/A.java");
    Files.createDirectories(handWritten.getParent());
    Files.writeString(handWritten, "hand-written");
    List<OutputFile> files = List.of(file("p/B.java", "b"), file("p/A.java", "generated"));
    assertThatThrownBy(() -> OutputWriter.sync(root, files, List.of()))
        .isInstanceOf(ForeignFileException.class).hasMessageContaining(handWritten.toString());
    assertThat(handWritten).hasContent("hand-written");
    assertThat(root.resolve("p/B.java")).doesNotExist();
  }

  @Test
  void aForeignFileThatAlreadyHoldsTheOutputIsAdoptedAndLaterDeletedAsStale() throws Exception {
    Path root = work.resolve("out");
    Files.createDirectories(root);
    Files.writeString(root.resolve("A.java"), "same");
    assertThat(OutputWriter.sync(root, List.of(file("A.java", "same")), List.of()).unchanged()).hasSize(1);
    assertThat(OutputWriter.sync(root, List.of(), List.of()).deleted()).containsExactly(root.resolve("A.java"));
  }

  @Test
  void staleOutputsGoWithTheFoldersTheWriterMadeAndTheirCopiesButNothingElse() throws Exception {
    Path root = Files.createDirectories(work.resolve("out"));
    Path classes = work.resolve("classes");
    Path userFolder = Files.createDirectories(root.resolve("mine"));
    Files.writeString(userFolder.resolve("Keep.java"), "mine");
    OutputWriter.sync(root, List.of(file("a/b/Old.yaml", "old"), file("mine/Gen.yaml", "gen"), file("Top.yaml", "t")), List.of(classes));
    // what the resources step does: copy the folder into the classes folder
    Files.createDirectories(classes.resolve("a/b"));
    Files.writeString(classes.resolve("a/b/Old.yaml"), "old");
    Files.createDirectories(classes.resolve("mine"));
    Files.writeString(classes.resolve("mine/Gen.yaml"), "changed since by someone else");

    OutputWriter.Outcome second = OutputWriter.sync(root, List.of(file("Top.yaml", "t")), List.of(classes));

    assertThat(second.deleted()).containsExactlyInAnyOrder(root.resolve("a/b/Old.yaml"), root.resolve("mine/Gen.yaml"));
    assertThat(root.resolve("a")).as("made by the writer, now empty").doesNotExist();
    assertThat(userFolder.resolve("Keep.java")).hasContent("mine");
    assertThat(classes.resolve("a")).as("the copy and its emptied folders").doesNotExist();
    assertThat(classes.resolve("mine/Gen.yaml")).as("not a copy of the stale file any more").exists();
    assertThat(root.resolve("Top.yaml")).hasContent("t");
  }

  @Test
  void writtenFilesHaveTheModeOfAnyNewFile() throws Exception {
    Path reference = Files.createFile(work.resolve("reference")); // the umask decides its mode
    Path written = work.resolve("out/A.java");
    OutputWriter.writeIfChanged(written, "a");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
        .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)));
    OutputWriter.writeIfChanged(written, "b");
    assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(reference));
  }
}
