package dev.compat32.generator.spec;

import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The Linux errno names a spec may write (asm-generic numbering, which x86 and arm64 share). */
public final class Errnos {
  public static final int ENOTTY = 25;

  private static final Map<String, Integer> NUMBERS = new TreeMap<>(Map.ofEntries(
      Map.entry("EPERM", 1), Map.entry("ENOENT", 2), Map.entry("EIO", 5), Map.entry("ENXIO", 6), Map.entry("E2BIG", 7),
      Map.entry("EBADF", 9), Map.entry("EAGAIN", 11), Map.entry("ENOMEM", 12), Map.entry("EACCES", 13), Map.entry("EFAULT", 14),
      Map.entry("EBUSY", 16), Map.entry("EEXIST", 17), Map.entry("ENODEV", 19), Map.entry("EINVAL", 22), Map.entry("ENOTTY", ENOTTY),
      Map.entry("ENOSPC", 28), Map.entry("ERANGE", 34), Map.entry("ENOSYS", 38), Map.entry("ENODATA", 61),
      Map.entry("EOVERFLOW", 75), Map.entry("ENOPROTOOPT", 92), Map.entry("EOPNOTSUPP", 95)));

  private Errnos() {}

  public static OptionalInt number(String name) {
    Integer n = NUMBERS.get(name);
    return n == null ? OptionalInt.empty() : OptionalInt.of(n);
  }

  public static SortedSet<String> names() {
    return new TreeSet<>(NUMBERS.keySet());
  }
}
