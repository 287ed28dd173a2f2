package dev.compat32.runtime.memory;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One bit per page of a range, worked on a word (64 pages) at a time, so runs over a 4 GiB range
 * (a million pages) are found and marked without stepping page by page. Writers must be serialized
 * by their owner; readers may run at any time and see each word whole.
 */
final class PageBitmap {
  private final long pages;
  private final AtomicLongArray words;

  PageBitmap(long pages) {
    this.pages = pages;
    this.words = new AtomicLongArray((int) ((pages + 63) >>> 6));
  }

  long pages() {
    return pages;
  }

  boolean get(long page) {
    return page >= 0 && page < pages && (words.get((int) (page >>> 6)) & (1L << page)) != 0;
  }

  /** Sets or clears pages {@code [from, to)}. */
  void set(long from, long to, boolean value) {
    for (long page = from; page < to; ) {
      int word = (int) (page >>> 6);
      long end = Math.min(to, ((long) word + 1) << 6);
      long mask = mask(page, end);
      long old = words.get(word);
      words.set(word, value ? old | mask : old & ~mask);
      page = end;
    }
  }

  /** Whether every page of {@code [from, to)} is set. */
  boolean allSet(long from, long to) {
    for (long page = from; page < to; ) {
      int word = (int) (page >>> 6);
      long end = Math.min(to, ((long) word + 1) << 6);
      long mask = mask(page, end);
      if ((words.get(word) & mask) != mask) {
        return false;
      }
      page = end;
    }
    return true;
  }

  /** The first page at or after {@code from} whose bit is {@code value}; {@link #pages} if none. */
  long next(long from, boolean value) {
    for (long page = from; page < pages; ) {
      int word = (int) (page >>> 6);
      long bits = (value ? words.get(word) : ~words.get(word)) & -(1L << page);
      if (bits != 0) {
        return Math.min(pages, ((long) word << 6) + Long.numberOfTrailingZeros(bits));
      }
      page = ((long) word + 1) << 6;
    }
    return pages;
  }

  /** The first run of {@code count} set pages that starts in {@code [from, pages)}; -1 if none. */
  long findRun(long from, long count) {
    long start = next(from, true);
    while (start < pages) {
      long end = next(start, false);
      if (end - start >= count) {
        return start;
      }
      start = next(end, true);
    }
    return -1;
  }

  /**
   * Sets each bit to {@code reserved & ~owned} of its page where both neighbours are reserved too:
   * the pages of a reservation that guest memory may take, keeping one no-access page at each of
   * its edges.
   */
  void setInnerFree(PageBitmap reserved, PageBitmap owned) {
    int n = words.length();
    for (int i = 0; i < n; i++) {
      long r = reserved.words.get(i);
      long below = (r << 1) | (i > 0 ? reserved.words.get(i - 1) >>> 63 : 0);
      long above = (r >>> 1) | (i + 1 < n ? reserved.words.get(i + 1) << 63 : 0);
      words.set(i, r & below & above & ~owned.words.get(i));
    }
  }

  /** Bits {@code [from, to)} of the word holding {@code from}; {@code to} at most the next word's start. */
  private static long mask(long from, long to) {
    long high = (to & 63) == 0 ? -1L : (1L << to) - 1;
    return high & -(1L << from);
  }
}
