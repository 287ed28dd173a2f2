package dev.compat32.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts one benchmark run together: JMH's results, the C baselines, the generator's scaling and the
 * machine, as {@code results.md} (tables with ratios) and {@code results.json} (the same numbers).
 *
 * <p>Usage: {@code ResultsReport RUN_DIR OUTPUT_DIR}, RUN_DIR holding what benchmarks/run wrote.
 */
public final class ResultsReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final List<String> STRUCTS = List.of("winsize", "loop_info", "fiemap_32", "ifconf_16");
  private static final List<String> IOCTLS = List.of("TIOCGWINSZ", "FS_IOC_GETFLAGS", "SIOCGIFCONF", "FIONREAD");
  private static final Map<String, String> PATHS = Map.of("TIOCGWINSZ", "passthrough", "FS_IOC_GETFLAGS",
      "translate number", "SIOCGIFCONF", "translate, deep copy", "FIONREAD", "passthrough");

  private ResultsReport() {}

  /** A row whose 99.9% error is more than this share of its score is repeated, and marked if it stays so. */
  private static final double NOISY = 0.10;

  public static void main(String[] args) throws IOException {
    if (args[0].equals("noisy")) {
      System.out.print(noisy(JSON.readTree(Path.of(args[1]).toFile())));
      return;
    }
    Path run = Path.of(args[0]);
    Path out = Files.createDirectories(Path.of(args[1]));
    Map<String, String> machine = keyValues(run.resolve("machine.txt"));
    JsonNode jmh = merged(JSON.readTree(run.resolve("jmh.json").toFile()),
        Files.exists(run.resolve("jmh-repeat.json")) ? JSON.readTree(run.resolve("jmh-repeat.json").toFile()) : JSON.createArrayNode());
    Map<String, Double> c64 = cLoop(run.resolve("c-x86_64.jsonl"));
    Map<String, Double> c32 = cLoop(run.resolve("c-i386.jsonl"));
    Map<String, Double> qemu = cLoop(run.resolve("c-qemu-i386.jsonl"));

    ObjectNode json = JSON.createObjectNode();
    json.set("machine", JSON.valueToTree(machine));
    StringBuilder md = new StringBuilder("# compat32 benchmarks\n\n");
    machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));

    md.append("\n## Codecs (ns per conversion; JMH average time, ± 99.9% error)\n\n")
        .append("| struct | toHost | toGuest | copy floor | toHost / floor | toGuest / floor | within 3x |\n")
        .append("|---|---:|---:|---:|---:|---:|---|\n");
    ArrayNode codecs = json.putArray("codecs");
    for (String struct : STRUCTS) {
      double[] toHost = score(jmh, "CodecBenchmark.toHost", "struct", struct);
      double[] toGuest = score(jmh, "CodecBenchmark.toGuest", "struct", struct);
      double[] floor = score(jmh, "CodecBenchmark.copyFloor", "struct", struct);
      double hostRatio = toHost[0] / floor[0];
      double guestRatio = toGuest[0] / floor[0];
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.2f | %s |%n", struct, ns(toHost), ns(toGuest), ns(floor),
          hostRatio, guestRatio, hostRatio <= 3 && guestRatio <= 3 ? "yes" : "no"));
      codecs.addObject().put("struct", struct).put("toHostNs", toHost[0]).put("toHostError", toHost[1])
          .put("toGuestNs", toGuest[0]).put("toGuestError", toGuest[1]).put("copyFloorNs", floor[0])
          .put("toHostOverFloor", hostRatio).put("toGuestOverFloor", guestRatio);
    }

    md.append("\n## One ioctl end to end (ns per call; ratio to the 64-bit C loop in brackets)\n\n")
        .append("| ioctl | path | C x86_64 | compat32 dispatch | raw FFM | C i386 (compat path) | i386 under qemu-i386 |")
        .append(" dispatch over raw FFM | dispatch vs i386 compat path |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    ArrayNode ioctls = json.putArray("ioctls");
    for (String ioctl : IOCTLS) {
      double base = c64.getOrDefault(ioctl, Double.NaN);
      double[] dispatch = score(jmh, "IoctlBenchmark.dispatch", "ioctl", ioctl);
      double[] raw = score(jmh, "IoctlBenchmark.rawFfm", "ioctl", ioctl);
      double compat = c32.getOrDefault(ioctl, Double.NaN);
      double emulated = qemu.getOrDefault(ioctl, Double.NaN);
      double overhead = dispatch[0] / raw[0] - 1;
      // the i386 column is empty where the kernel runs no i386 programs
      String compatCell = Double.isNaN(compat) ? "not measured" : String.format(Locale.ROOT, "%.0f (%.2f)", compat, compat / base);
      String versusCompat = Double.isNaN(compat) ? "–" : String.format(Locale.ROOT, "%.2f", dispatch[0] / compat);
      md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s (%.2f) | %s (%.2f) | %s | %.0f (%.2f) | %+.1f%% | %s |%n",
          ioctl, PATHS.get(ioctl), base, ns(dispatch), dispatch[0] / base, ns(raw), raw[0] / base, compatCell, emulated,
          emulated / base, overhead * 100, versusCompat));
      ioctls.addObject().put("ioctl", ioctl).put("path", PATHS.get(ioctl)).put("cX8664Ns", base).put("dispatchNs", dispatch[0])
          .put("dispatchError", dispatch[1]).put("rawFfmNs", raw[0]).put("rawFfmError", raw[1]).put("cI386Ns", compat)
          .put("qemuI386Ns", emulated).put("dispatchOverRawFfm", overhead).put("dispatchOverI386", dispatch[0] / compat);
    }

    md.append("\n## Generator scaling (synthetic specs: N structs, each with its ioctl)\n\n")
        .append("| structs | ioctls | Java files | generation, fresh JVM | per struct | no-op, same JVM |")
        .append(" plugin: first run | plugin: no-op | peak heap | peak RSS |\n")
        .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    ArrayNode scaling = json.putArray("generator");
    Map<String, String[]> plugin = new LinkedHashMap<>();
    for (String line : Files.readAllLines(run.resolve("scaling-plugin.txt"))) {
      String[] parts = line.trim().split("\\s+");
      plugin.put(parts[0], parts);
    }
    for (String line : Files.readAllLines(run.resolve("scaling.jsonl"))) {
      JsonNode row = JSON.readTree(line);
      String[] mojo = plugin.getOrDefault(row.get("requested").asText(), new String[] {"", "?", "?"});
      double ms = row.get("generateMs").asDouble();
      md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.2f s | %.2f ms | %.0f ms | %s ms | %s ms | %.0f MB | %.0f MB |%n",
          row.get("structs").asInt(), row.get("ioctls").asInt(), row.get("javaFiles").asInt(), ms / 1000,
          ms / row.get("structs").asInt(), row.get("noopMs").asDouble(), mojo[1], mojo[2], row.get("peakHeapMb").asDouble(),
          row.get("peakRssMb").asDouble()));
      ((ObjectNode) row).put("pluginFirstRunMs", mojo[1]).put("pluginNoopMs", mojo[2]);
      scaling.add(row);
    }
    md.append("\n## The dispatch table at today's size and at the UAPI's (3,000 synthetic commands)\n\n")
        .append("| table | entries | lookup (ns) | dispatch, closed fd (ns) | unknown command (ns) |")
        .append(" first call after JVM start | load and first call | entry list | heap kept |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    ArrayNode tables = json.putArray("table");
    Map<String, List<JsonNode>> starts = new LinkedHashMap<>();
    if (Files.exists(run.resolve("table.jsonl"))) {
      for (String line : Files.readAllLines(run.resolve("table.jsonl"))) {
        if (line.startsWith("{")) {
          JsonNode row = JSON.readTree(line);
          starts.computeIfAbsent(row.get("table").asText(), k -> new java.util.ArrayList<>()).add(row);
        }
      }
    }
    for (String table : List.of("bundled", "3000")) {
      List<JsonNode> rows = starts.getOrDefault(table.equals("bundled") ? "bundled" : "table-3000", List.of());
      double[] lookup = score(jmh, "TableDispatchBenchmark.lookup", "table", table);
      double[] dispatch = score(jmh, "TableDispatchBenchmark.dispatch", "table", table);
      double[] unknown = score(jmh, "TableDispatchBenchmark.dispatchUnknown", "table", table);
      String first = rows.stream().map(r -> r.get("firstCallAfterJvmStartMs").asText()).reduce((a, b) -> a + ", " + b).orElse("?");
      String load = rows.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.get("loadAndFirstCallMs").asDouble()))
          .reduce((a, b) -> a + ", " + b).orElse("?");
      String list = rows.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.path("entryListMs").asDouble()))
          .reduce((a, b) -> a + ", " + b).orElse("?");
      String heap = rows.isEmpty() ? "?" : rows.get(0).get("tableHeapKb").asText() + " KiB";
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s ms | %s ms | %s ms | %s |%n", table,
          rows.isEmpty() ? "?" : rows.get(0).get("entries").asText(), ns(lookup), ns(dispatch), ns(unknown), first, load, list, heap));
      ObjectNode row = tables.addObject().put("table", table).put("lookupNs", lookup[0]).put("dispatchNs", dispatch[0])
          .put("unknownNs", unknown[0]);
      row.set("starts", JSON.valueToTree(rows));
    }
    md.append("\nTargets: codecs within 3x of the copy floor; dispatch within 10% of the raw FFM call and no slower than")
        .append(" the i386 compat path; generation linear, 5,000 structs under 10 s, a no-op rebuild under 0.5 s.\n");
    Files.writeString(out.resolve("results.md"), md.toString());
    JSON.writeValue(out.resolve("results.json").toFile(), json);
    System.out.print(md);
  }

  /** {score, error} of one JMH benchmark with one parameter value. */
  private static double[] score(JsonNode jmh, String benchmark, String param, String value) {
    for (JsonNode result : jmh) {
      if (result.get("benchmark").asText().endsWith(benchmark) && value.equals(result.path("params").path(param).asText())) {
        JsonNode metric = result.get("primaryMetric");
        return new double[] {metric.get("score").asDouble(), metric.get("scoreError").asDouble()};
      }
    }
    return new double[] {Double.NaN, Double.NaN};
  }

  /** A score with its error, and a mark where the error is over {@link #NOISY} of the score. */
  private static String ns(double[] score) {
    if (Double.isNaN(score[1])) {
      return String.format(Locale.ROOT, "%.1f", score[0]);
    }
    String text = String.format(Locale.ROOT, "%.1f ± %.1f", score[0], score[1]);
    return score[1] > NOISY * score[0] ? text + String.format(Locale.ROOT, " **noisy: ±%.0f%%**", 100 * score[1] / score[0]) : text;
  }

  /** A JMH include pattern of the benchmarks with a row over {@link #NOISY}; empty when none. */
  private static String noisy(JsonNode jmh) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (JsonNode result : jmh) {
      JsonNode metric = result.get("primaryMetric");
      if (metric.get("scoreError").asDouble() > NOISY * metric.get("score").asDouble()) {
        String benchmark = result.get("benchmark").asText();
        names.add(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1).replace(".", "\\.") + "$");
      }
    }
    return String.join("|", names);
  }

  /** The first run's rows, each replaced by its repeat where the repeat's relative error is smaller. */
  private static JsonNode merged(JsonNode first, JsonNode repeat) {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode row : first) {
      JsonNode better = row;
      for (JsonNode again : repeat) {
        if (again.get("benchmark").asText().equals(row.get("benchmark").asText()) && again.path("params").equals(row.path("params"))
            && relativeError(again) < relativeError(row)) {
          better = again;
        }
      }
      out.add(better);
    }
    return out;
  }

  private static double relativeError(JsonNode row) {
    JsonNode metric = row.get("primaryMetric");
    return metric.get("scoreError").asDouble() / metric.get("score").asDouble();
  }

  private static Map<String, Double> cLoop(Path file) throws IOException {
    Map<String, Double> out = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("{")) {
          JsonNode row = JSON.readTree(line);
          out.put(row.get("ioctl").asText(), row.get("ns").asDouble());
        }
      }
    }
    return out;
  }

  private static Map<String, String> keyValues(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }
}
