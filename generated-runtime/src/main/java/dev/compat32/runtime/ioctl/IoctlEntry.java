package dev.compat32.runtime.ioctl;

import java.lang.foreign.MemorySegment;

/**
 * One row of a generated table: how a guest number is served.
 *
 * @param path {@code passthrough}, {@code translate number}, {@code translate}, {@code custom}, or
 *     {@code unsupported} (the compat path rejects it; {@code argument} then says why)
 * @param argument what the argument is, e.g. {@code struct ifconf *}
 * @param argumentSize the guest size of what a pointer argument points to (without a flexible array); 0 for none
 * @param decoder reads what a pointer argument points to in guest memory for display (a struct's
 *     {@code Value}, a {@code Long}, a {@code long[]} or {@code byte[]}); {@code null} for value arguments
 */
public record IoctlEntry(String name, String abi, int guestNumber, long hostNumber, String path, String argument,
    long argumentSize, GuestDecoder decoder) {

  /** Decodes a guest argument at {@code offset}. */
  @FunctionalInterface
  public interface GuestDecoder {
    Object decode(MemorySegment guest, long offset);
  }
}
