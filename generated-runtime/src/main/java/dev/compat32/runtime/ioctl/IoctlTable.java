package dev.compat32.runtime.ioctl;

import java.util.List;

/** A generated compat ioctl table. */
public interface IoctlTable {

  /** The handler of a guest command, or {@code null} when it is not supported ({@code -ENOTTY}). */
  IoctlHandler handler(int guestCommand);

  /** Every guest number the table serves, for tools and the demo. */
  List<IoctlEntry> entries();
}
