package dev.compat32.runtime.codec;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongFunction;

/**
 * What the generated {@code Value} records share: reading and writing arrays of members, and a
 * readable {@code toString}. Kept here so each record stays a list of its members.
 */
public final class Values {
  private Values() {}

  /** Writes one element of a list. */
  @FunctionalInterface
  public interface ElementWriter<T> {
    void write(long index, T value);
  }

  /** {@code count} integers of {@code size} bytes from {@code offset}, sign- or zero-extended. */
  public static long[] readLongs(MemorySegment segment, long offset, long count, int size, boolean signed) {
    long[] out = new long[Math.toIntExact(count)];
    for (int i = 0; i < out.length; i++) {
      out[i] = Integers.read(segment, offset + (long) i * size, size, signed);
    }
    return out;
  }

  /** Writes at most {@code max} of {@code values} as integers of {@code size} bytes (low bytes kept). */
  public static void writeLongs(MemorySegment segment, long offset, long[] values, long max, int size) {
    long n = Math.min(values.length, max);
    for (int i = 0; i < n; i++) {
      Integers.write(segment, offset + (long) i * size, size, values[i]);
    }
  }

  /** {@code count} bytes from {@code offset}. */
  public static byte[] readBytes(MemorySegment segment, long offset, long count) {
    return segment.asSlice(offset, count).toArray(JAVA_BYTE);
  }

  /** Writes at most {@code max} of {@code values}. */
  public static void writeBytes(MemorySegment segment, long offset, byte[] values, long max) {
    MemorySegment.copy(values, 0, segment, JAVA_BYTE, offset, (int) Math.min(values.length, max));
  }

  /** {@code count} elements, each read by {@code element} from its index. */
  public static <T> List<T> readList(long count, LongFunction<T> element) {
    List<T> out = new ArrayList<>(Math.toIntExact(count));
    for (long i = 0; i < count; i++) {
      out.add(element.apply(i));
    }
    return List.copyOf(out);
  }

  /** Writes at most {@code max} of {@code values} through {@code writer}. */
  public static <T> void writeList(List<T> values, long max, ElementWriter<T> writer) {
    long n = Math.min(values.size(), max);
    for (int i = 0; i < n; i++) {
      writer.write(i, values.get(i));
    }
  }

  /** How many elements of {@code size} bytes fit between {@code offset} and the end of {@code segment}, at most {@code count}. */
  public static long fitting(MemorySegment segment, long offset, long count, long size) {
    return Math.max(0, Math.min(count, (segment.byteSize() - offset) / size));
  }

  /**
   * Renders a value like a debugger: {@code struct winsize{ws_row=24, ws_col=80}}. Members that are
   * {@code null} (union members not set) are left out; addresses print in hex; char arrays that
   * hold a C string print as one.
   */
  public static String format(String cType, List<String> names, boolean[] addresses, Object[] values) {
    StringBuilder out = new StringBuilder(cType).append('{');
    boolean first = true;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        continue;
      }
      out.append(first ? "" : ", ").append(names.get(i)).append('=').append(text(values[i], addresses[i]));
      first = false;
    }
    return out.append('}').toString();
  }

  private static String text(Object value, boolean address) {
    return switch (value) {
      case Long l -> address ? "0x" + Long.toHexString(l) : Long.toString(l);
      case long[] a -> {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
          out.append(i == 0 ? "" : ", ").append(address ? "0x" + Long.toHexString(a[i]) : Long.toString(a[i]));
        }
        yield out.append(']').toString();
      }
      case byte[] b -> bytes(b);
      default -> String.valueOf(value);
    };
  }

  private static String bytes(byte[] b) {
    int end = 0;
    while (end < b.length && b[end] != 0) {
      end++;
    }
    boolean restZero = true;
    for (int i = end; i < b.length; i++) {
      restZero &= b[i] == 0;
    }
    boolean printable = restZero && end > 0;
    for (int i = 0; i < end && printable; i++) {
      printable = b[i] >= 0x20 && b[i] < 0x7f;
    }
    if (printable) {
      return "\"" + new String(b, 0, end, java.nio.charset.StandardCharsets.US_ASCII) + "\"";
    }
    int used = b.length;
    while (used > 0 && b[used - 1] == 0) {
      used--;
    }
    String hex = HexFormat.ofDelimiter(" ").formatHex(Arrays.copyOf(b, used));
    return "{" + hex + (used < b.length ? (used == 0 ? "" : " ") + "0 x " + (b.length - used) : "") + "}";
  }
}
