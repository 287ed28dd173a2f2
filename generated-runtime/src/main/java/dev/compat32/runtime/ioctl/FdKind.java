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
  private static final FdKind SOCKET = new FdKind("socket", -1);
  private static final FdKind FILE = new FdKind("file", -1);
  // made once, so asking an fd's kind allocates nothing (majors are 12 bits)
  private static final FdKind[] CHARACTER_DEVICES = new FdKind[4096];

  static {
    for (int major = 0; major < CHARACTER_DEVICES.length; major++) {
      CHARACTER_DEVICES[major] = new FdKind(isTtyMajor(major) ? "tty" : "chardev", major);
    }
  }

  static FdKind of(LinuxNative.FileType type) {
    if (type.mode() < 0) {
      return UNKNOWN;
    }
    return switch (type.type()) {
      case LinuxNative.FileType.S_IFSOCK -> SOCKET;
      case LinuxNative.FileType.S_IFREG -> FILE;
      case LinuxNative.FileType.S_IFCHR -> type.rdevMajor() >= 0 && type.rdevMajor() < CHARACTER_DEVICES.length
          ? CHARACTER_DEVICES[type.rdevMajor()] : new FdKind(isTtyMajor(type.rdevMajor()) ? "tty" : "chardev", type.rdevMajor());
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
