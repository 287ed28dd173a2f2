package dev.compat32.generator;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one generator run reads and writes.
 *
 * @param specFiles the project's own spec files: generated and reported
 * @param dependencySpecFiles spec files of dependencies (the bundled specs): their types and ABIs
 *     may be used, their code is not generated again
 * @param dependencyPackages the Java package of each dependency spec file's codecs, to reuse them
 * @param sourceDirectory where generated Java goes; empty to generate no code
 * @param resourceDirectory where the specs and codegen settings to ship in the jar go; empty for none
 * @param resourceCopies folders the build copies {@code resourceDirectory} into (the classes
 *     folder): a stale resource's copy there is deleted with it
 * @param reportFile where {@code layouts.json} goes; empty for no report
 * @param specEncoding the encoding of the project's own spec files (dependencies ship UTF-8)
 */
public record GeneratorRequest(
    List<Path> specFiles,
    List<Path> dependencySpecFiles,
    Map<Path, String> dependencyPackages,
    Optional<Path> sourceDirectory,
    Optional<Path> resourceDirectory,
    List<Path> resourceCopies,
    Optional<Path> specRoot,
    Optional<Path> reportFile,
    String packageName,
    String guestAbi,
    String hostAbi,
    Charset specEncoding) {

  public GeneratorRequest {
    specFiles = List.copyOf(specFiles);
    dependencySpecFiles = List.copyOf(dependencySpecFiles);
    dependencyPackages = Map.copyOf(dependencyPackages);
    resourceCopies = List.copyOf(resourceCopies);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All spec files, dependencies first, as the loader reads them. */
  public List<Path> allSpecFiles() {
    List<Path> all = new ArrayList<>(dependencySpecFiles);
    all.addAll(specFiles);
    return all;
  }

  public static final class Builder {
    private final List<Path> specFiles = new ArrayList<>();
    private final List<Path> dependencySpecFiles = new ArrayList<>();
    private final Map<Path, String> dependencyPackages = new HashMap<>();
    private Path sourceDirectory;
    private Path resourceDirectory;
    private final List<Path> resourceCopies = new ArrayList<>();
    private Path specRoot;
    private Path reportFile;
    private String packageName = "compat32.generated";
    private String guestAbi = "i386";
    private String hostAbi = "x86_64";
    private Charset specEncoding = StandardCharsets.UTF_8;

    private Builder() {}

    public Builder addSpecFiles(List<Path> files) {
      specFiles.addAll(files);
      return this;
    }

    public Builder addDependencySpecFiles(List<Path> files) {
      dependencySpecFiles.addAll(files);
      return this;
    }

    public Builder addDependencyPackages(Map<Path, String> packages) {
      dependencyPackages.putAll(packages);
      return this;
    }

    /** Where the project's own spec files are, to keep their relative paths when shipped. */
    public Builder specRoot(Path root) {
      this.specRoot = root;
      return this;
    }

    public Builder resourceDirectory(Path directory) {
      this.resourceDirectory = directory;
      return this;
    }

    /** A folder the build copies the resource directory into, such as the classes folder. */
    public Builder resourceCopy(Path directory) {
      resourceCopies.add(directory);
      return this;
    }

    public Builder sourceDirectory(Path directory) {
      this.sourceDirectory = directory;
      return this;
    }

    public Builder reportFile(Path file) {
      this.reportFile = file;
      return this;
    }

    public Builder packageName(String name) {
      this.packageName = name;
      return this;
    }

    public Builder guestAbi(String abi) {
      this.guestAbi = abi;
      return this;
    }

    public Builder hostAbi(String abi) {
      this.hostAbi = abi;
      return this;
    }

    public Builder specEncoding(Charset encoding) {
      this.specEncoding = encoding;
      return this;
    }

    public GeneratorRequest build() {
      return new GeneratorRequest(specFiles, dependencySpecFiles, dependencyPackages, Optional.ofNullable(sourceDirectory),
          Optional.ofNullable(resourceDirectory), resourceCopies, Optional.ofNullable(specRoot), Optional.ofNullable(reportFile), packageName,
          guestAbi, hostAbi, specEncoding);
    }
  }
}
