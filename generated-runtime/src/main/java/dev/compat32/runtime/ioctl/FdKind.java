package dev.compat32.runtime.ioctl;

import dev.compat32.runtime.nativecall.LinuxNative;

/**
 * What an fd is, as the spec's {@code fd} key names it: {@code socket}, {@code tty}, {@code file}
 * or {@code chardev:MAJOR}. A tty is a character device of the tty majors (4, 5, 136-143). Any
 * other open fd (a pipe, a directory, a block device) is {@code other}; {@code unknown} is an fd
 * that is not open.
 */
public record FdKind(String name, int major) {
  static final FdKind UNKNOWN = new FdKind("unknown", -1);
  private static final FdKind OTHER = new FdKind("other", -1);

  static FdKind of(LinuxNative.FileType type) {
    if (type.mode() < 0) {
      return UNKNOWN;
    }
    return switch (type.type()) {
      case LinuxNative.FileType.S_IFSOCK -> new FdKind("socket", -1);
      case LinuxNative.FileType.S_IFREG -> new FdKind("file", -1);
      case LinuxNative.FileType.S_IFCHR -> new FdKind(isTtyMajor(type.rdevMajor()) ? "tty" : "chardev", type.rdevMajor());
      default -> OTHER;
    };
  }

  private static boolean isTtyMajor(int major) {
    return major == 4 || major == 5 || (major >= 136 && major <= 143);
  }

  /** Whether a spec's {@code fd} value names this kind. */
  public boolean matches(String spec) {
    if (spec.startsWith("chardev:")) {
      return major == Integer.parseInt(spec.substring("chardev:".length()));
    }
    return spec.equals(name);
  }
}
