package dev.compat32.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Synthetic specs for the scaling benchmarks: N structs like the UAPI's, each with its ioctl. */
final class SyntheticSpecs {
  private static final int STRUCTS_PER_FILE = 100;

  private SyntheticSpecs() {}

  /** The bundled ABIs and shared types, and N structs in files of 100, each with its ioctl. */
  static Path write(int structs, Path bundled, Path specs) throws IOException {
    for (String dir : List.of("abi", "types")) {
      Files.createDirectories(specs.resolve(dir));
      try (Stream<Path> files = Files.list(bundled.resolve(dir))) {
        for (Path file : files.toList()) {
          Files.copy(file, specs.resolve(dir).resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path out = Files.createDirectories(specs.resolve("synthetic"));
    for (int first = 0; first < structs; first += STRUCTS_PER_FILE) {
      StringBuilder yaml = new StringBuilder("headers: [synthetic.h]\n\nstructs:\n");
      StringBuilder ioctls = new StringBuilder("\nioctls:\n");
      for (int k = first; k < Math.min(structs, first + STRUCTS_PER_FILE); k++) {
        yaml.append("  synth_").append(k).append(":\n    fields:\n")
            .append("      - {name: id, type: __u32}\n")
            .append("      - {name: size, type: unsigned long, narrowing: eoverflow}\n")
            .append("      - {name: offset, type: long long}\n")
            .append("      - {name: name, type: \"char[16]\"}\n")
            .append("      - {name: data, type: \"void *\"}\n")
            .append("      - {name: count, type: __u32}\n")
            .append("      - {name: items, type: \"__u64 *\", count: count}\n");
        if (k % 10 != 0) {
          yaml.append("      - {name: inner, type: synth_").append(k - 1).append("}\n");
        }
        ioctls.append("  SYNTH_").append(k).append(": {dir: rw, type: ").append(0x20 + k / 256).append(", nr: ")
            .append(k % 256).append(", arg: synth_").append(k).append("}\n");
      }
      Files.writeString(out.resolve(String.format(Locale.ROOT, "synth-%05d.yaml", first)), yaml.append(ioctls).toString());
    }
    return specs;
  }

}
