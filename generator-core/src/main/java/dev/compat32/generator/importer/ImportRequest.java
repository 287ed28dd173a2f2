package dev.compat32.generator.importer;

import dev.compat32.generator.layout.LayoutSet;
import java.nio.file.Path;
import java.util.List;

/**
 * What to import: UAPI header names (as {@code #include <...>} spells them), extra include folders
 * ({@code -I}, after the compilers' own), the ABIs and shared types of the base specs (their
 * {@code probe} compilers give the numbers and layouts; names they declare are not imported again),
 * the guest and host ABI, and a scratch folder for the probes.
 */
public record ImportRequest(List<String> headers, List<Path> includeDirectories, LayoutSet base, String guestAbi,
    String hostAbi, Path workDirectory, int threads) {
  public ImportRequest {
    headers = List.copyOf(headers);
    includeDirectories = List.copyOf(includeDirectories);
    threads = Math.max(1, threads);
  }
}
