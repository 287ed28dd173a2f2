package dev.compat32.runtime;

/** The Linux errno values the runtime returns itself (identical on i386, x86_64 and aarch64). */
public final class Errno {
  public static final int EPERM = 1;
  public static final int EBADF = 9;
  public static final int ENOMEM = 12;
  public static final int EEXIST = 17;
  public static final int EFAULT = 14;
  public static final int EINVAL = 22;
  public static final int ENOTTY = 25;
  public static final int EOVERFLOW = 75;

  private Errno() {}
}
