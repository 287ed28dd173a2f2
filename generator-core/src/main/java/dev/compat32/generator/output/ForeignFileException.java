package dev.compat32.generator.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The generator would have to replace files it did not write; it writes nothing instead. */
public final class ForeignFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient List<Path> files;

  public ForeignFileException(List<Path> files) {
    super("compat32 would overwrite " + files.size() + " file(s) it did not write (move them, or choose another output folder): "
        + files);
    this.files = List.copyOf(files);
  }

  public List<Path> files() {
    return files;
  }
}
