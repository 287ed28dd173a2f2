package dev.compat32.generator.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import dev.compat32.generator.output.OutputWriter;

/**
 * Finds spec files that dependencies ship under {@value #LOCATION} (the bundled specs in the
 * runtime jar), so a project's own specs can use their types. Jar entries are copied to a folder
 * so that errors can name a real file and line.
 */
public final class DependencySpecs {
  public static final String LOCATION = "META-INF/compat32/specs/";
  /** Names the Java package the dependency generated its codecs into ({@code package=...}). */
  public static final String CODEGEN = "META-INF/compat32/codegen.properties";

  /** Spec files found, and the codec package of each file's artifact where it says. */
  public record Found(List<Path> files, Map<Path, String> packages) {}

  private DependencySpecs() {}

  /**
   * Collects spec files from {@code classpath} (jars or class folders); entries of jar number
   * {@code i} are copied below {@code extractTo/i-NAME/}.
   */
  public static Found collect(List<Path> classpath, Path extractTo) throws IOException {
    List<Path> files = new ArrayList<>();
    Map<Path, String> packages = new HashMap<>();
    for (int i = 0; i < classpath.size(); i++) {
      Path entry = classpath.get(i);
      List<Path> found = List.of();
      Optional<String> javaPackage = Optional.empty();
      if (Files.isDirectory(entry)) {
        Path dir = entry.resolve(LOCATION);
        if (Files.isDirectory(dir)) {
          found = SpecLoader.findSpecFiles(List.of(dir));
        }
        Path codegen = entry.resolve(CODEGEN);
        if (Files.isRegularFile(codegen)) {
          try (InputStream in = Files.newInputStream(codegen)) {
            javaPackage = packageOf(in);
          }
        }
      } else if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar")) {
        found = extract(entry, extractTo.resolve(i + "-" + entry.getFileName().toString().replace(".jar", "")));
        try (ZipFile zip = new ZipFile(entry.toFile())) {
          ZipEntry codegen = zip.getEntry(CODEGEN);
          if (codegen != null) {
            try (InputStream in = zip.getInputStream(codegen)) {
              javaPackage = packageOf(in);
            }
          }
        }
      }
      files.addAll(found);
      for (Path file : found) {
        javaPackage.ifPresent(p -> packages.put(file, p));
      }
    }
    return new Found(files, packages);
  }

  private static Optional<String> packageOf(InputStream in) throws IOException {
    Properties properties = new Properties();
    properties.load(in);
    return Optional.ofNullable(properties.getProperty("package"));
  }

  private static List<Path> extract(Path jar, Path into) throws IOException {
    List<Path> files = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.startsWith(LOCATION) || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
          continue;
        }
        Path target = into.resolve(name.substring(LOCATION.length())).normalize();
        if (!target.startsWith(into)) {
          continue;  // a crafted entry name must not escape the folder
        }
        try (InputStream in = zip.getInputStream(entry)) {
          OutputWriter.writeIfChanged(target, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        files.add(target);
      }
    }
    try (Stream<Path> sorted = files.stream().sorted()) {
      return sorted.toList();
    }
  }
}
