package dev.compat32.runtime.ioctl;

/** Serves one guest ioctl command. Implementations are stateless and shared by all threads. */
@FunctionalInterface
public interface IoctlHandler {

  /**
   * Performs the command for the guest.
   *
   * @param guestArg the guest's third argument, zero-extended
   * @return {@code >= 0}, or {@code -errno} as the guest's kernel would answer
   */
  int handle(IoctlCall call, int fd, long guestArg);
}
