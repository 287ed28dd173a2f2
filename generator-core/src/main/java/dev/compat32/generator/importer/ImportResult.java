package dev.compat32.generator.importer;

import java.util.List;
import java.util.SortedMap;

/**
 * What an import found: every ioctl with its class, the spec files to write (path relative to the
 * output folder, to content), the headers skipped and the macros left out (each with why), and the
 * groups of names that share one guest number; and how long each pass took (kept out of the
 * report, which depends only on the headers).
 */
public record ImportResult(List<ClassifiedIoctl> ioctls, SortedMap<String, String> files,
    SortedMap<String, String> skippedHeaders, SortedMap<String, String> skippedMacros,
    SortedMap<Long, List<String>> collisions, int headersRead, java.util.Map<String, Long> millisByPass) {

  /** Counts per class label, over all families. */
  public SortedMap<String, Integer> countsByClass() {
    SortedMap<String, Integer> out = new java.util.TreeMap<>();
    for (IoctlClass kind : IoctlClass.values()) {
      out.put(kind.label(), 0);
    }
    ioctls.forEach(i -> out.merge(i.kind().label(), 1, Integer::sum));
    return out;
  }

  /** Counts per family (header) and class label. */
  public SortedMap<String, SortedMap<String, Integer>> countsByFamily() {
    SortedMap<String, SortedMap<String, Integer>> out = new java.util.TreeMap<>();
    for (ClassifiedIoctl ioctl : ioctls) {
      out.computeIfAbsent(ioctl.macro().header(), h -> new java.util.TreeMap<>()).merge(ioctl.kind().label(), 1, Integer::sum);
    }
    return out;
  }

  /** The class of the ioctl named {@code name}, if imported. */
  public java.util.Optional<String> classOf(String name) {
    return ioctls.stream().filter(i -> i.macro().name().equals(name)).map(i -> i.kind().label()).findFirst();
  }
}
