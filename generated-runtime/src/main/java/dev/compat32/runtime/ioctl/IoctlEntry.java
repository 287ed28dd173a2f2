package dev.compat32.runtime.ioctl;

/**
 * One row of a generated table: how a guest number is served.
 *
 * @param path {@code passthrough}, {@code translate number}, {@code translate} or {@code custom}
 * @param argument what the argument is, e.g. {@code struct ifconf *}
 */
public record IoctlEntry(String name, String abi, int guestNumber, long hostNumber, String path, String argument) {}
