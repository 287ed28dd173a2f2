package dev.compat32.generator.output;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Remembers what a run read and wrote, so that a rebuild on the same inputs, with its outputs as it
 * left them, can skip the whole pipeline: a digest of the inputs (spec contents, settings, the
 * generator's own code) and every output file with its size and modification time. Any change (a
 * spec edited, an output touched or deleted) makes the check fail and the run regenerate.
 */
public final class InputStamp {
  /** The stamp's file name, in the source output folder. */
  public static final String FILE = ".compat32-stamp";

  private InputStamp() {}

  /** A digest of {@code settings} and the contents of {@code inputs}, and of the generator's code. */
  public static String digest(List<String> settings, List<Path> inputs) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha.update(generatorIdentity().getBytes(StandardCharsets.UTF_8));
    for (String setting : settings) {
      sha.update((setting + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Path input : inputs) {
      sha.update((input.toAbsolutePath().normalize() + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(input));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * The output files if {@code stamp} was written for {@code digest} and every output it lists is
   * still there, unchanged; empty if anything must be generated again. Other files in the output
   * folders do not matter: the generator never deletes what it did not write.
   */
  public static Optional<List<Path>> upToDate(Path stamp, String digest) throws IOException {
    if (!Files.isRegularFile(stamp)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
    if (lines.size() < 2 || !lines.get(0).equals(digest)) {
      return Optional.empty();
    }
    List<Path> outputs = new ArrayList<>();
    for (String line : lines.subList(2, lines.size())) {
      String[] parts = line.split(" ", 3);
      Path file = Path.of(parts[2]);
      if (!Files.isRegularFile(file) || !describe(file).equals(parts[0] + " " + parts[1])) {
        return Optional.empty();
      }
      outputs.add(file);
    }
    return Optional.of(outputs);
  }

  /** The second line of a stamp: what the run it records produced, for messages. */
  public static Optional<String> summary(Path stamp) throws IOException {
    List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
    return lines.size() < 2 ? Optional.empty() : Optional.of(lines.get(1));
  }

  /** Records {@code digest}, a one-line {@code summary}, and the current state of {@code outputs}. */
  public static void write(Path stamp, String digest, String summary, List<Path> outputs) throws IOException {
    StringBuilder text = new StringBuilder(digest).append('\n').append(summary).append('\n');
    for (Path output : outputs) {
      text.append(describe(output)).append(' ').append(output.toAbsolutePath().normalize()).append('\n');
    }
    OutputWriter.writeIfChanged(stamp, text.toString());
  }

  private static String describe(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return attributes.size() + " " + attributes.lastModifiedTime().toMillis();
  }

  /** Where the generator's classes come from, with size and time: a rebuilt generator is another generator. */
  private static String generatorIdentity() throws IOException {
    Path location;
    try {
      location = Path.of(InputStamp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      return "unknown";
    }
    if (Files.isRegularFile(location)) {
      return location + " " + describe(location);
    }
    long newest = 0;
    try (Stream<Path> walk = Files.walk(location)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
      }
    }
    return location + " " + newest;
  }
}
