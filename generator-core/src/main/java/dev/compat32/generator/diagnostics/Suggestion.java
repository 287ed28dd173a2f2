package dev.compat32.generator.diagnostics;

import java.util.Collection;
import java.util.Comparator;

/** "did you mean": the known name closest to a misspelt one, by edit distance (optimal string alignment). */
public final class Suggestion {
  private Suggestion() {}

  /** {@code "; did you mean 'x'?"} for the closest of {@code known} if it is close enough, else {@code ""}. */
  public static String didYouMean(String name, Collection<String> known) {
    int limit = Math.max(1, name.length() / 3);
    return known.stream().filter(k -> !k.equals(name))
        .map(k -> new Scored(k, distance(name, k)))
        .filter(s -> s.distance() <= limit)
        .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .map(s -> "; did you mean '" + s.name() + "'?").orElse("");
  }

  private record Scored(String name, int distance) {}

  /** Edit distance counting a swap of neighbours as one edit ({@code lne} is one from {@code len}). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
