package dev.compat32.runtime.codec;

import dev.compat32.runtime.Errno;

/**
 * A conversion failed the way the kernel fails: a bad guest pointer ({@code EFAULT}) or a host
 * value that does not fit its guest field ({@code EOVERFLOW}). Carries no stack trace: it is an
 * answer to the guest, not a bug.
 */
public final class ConversionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int errno;

  public ConversionException(int errno, String message) {
    super(message, null, false, false);
    this.errno = errno;
  }

  public static ConversionException fault(String message) {
    return new ConversionException(Errno.EFAULT, message);
  }

  public static ConversionException overflow(String message) {
    return new ConversionException(Errno.EOVERFLOW, message);
  }

  /** The positive errno value. */
  public int errno() {
    return errno;
  }
}
