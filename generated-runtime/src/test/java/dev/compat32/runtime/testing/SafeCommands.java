package dev.compat32.runtime.testing;

import dev.compat32.runtime.ioctl.IoctlEntry;
import java.util.List;
import java.util.regex.Pattern;

/** Which bundled commands the fuzz suites may send to real fds on the machine that runs the tests. */
public final class SafeCommands {
  /** Commands not sent to fds that would act on them: they change the machine, block, signal, or open fds. */
  private static final Pattern UNSAFE = Pattern.compile("SET|^SIOC[SDB]|ADD|DEL|FLSBUF|RRPART|DISCARD|ZEROOUT|TRACE|BLKPG"
      + "|FREEZE|THAW|TRIM|CLONE|DEDUPE|^LOOP_|^TUN|^RTC_|^EVIOC(S|RM|GRAB|REVOKE)|^PERF_EVENT_IOC_(?!ID|QUERY)|ZAP|CLEAR"
      + "|RESEED|ETHTOOL|WANDEV|MIIREG|^TIOCS|^TCS|TCXONC|TCFLSH|TIOCCBRK|TIOCMB|TIOCMIWAIT|TIOCVHANGUP|TIOCNOTTY|TIOCCONS"
      + "|TIOCLINUX|FIOASYNC|FIBMAP|TIOCGPTPEER");
  /** Generic commands the VFS serves on any fd, a pipe included. */
  private static final Pattern UNSAFE_ON_ANY_FD = Pattern.compile("FREEZE|THAW|TRIM|FIOASYNC");

  private SafeCommands() {}

  /** Entries safe on a pty, a socket, a regular file or /dev/urandom. */
  public static List<IoctlEntry> onDevices(List<IoctlEntry> entries) {
    return entries.stream().filter(e -> !UNSAFE.matcher(e.name()).find()).toList();
  }

  /** Entries safe on a pipe or a bad fd, where device commands do nothing. */
  public static List<IoctlEntry> onPipes(List<IoctlEntry> entries) {
    return entries.stream().filter(e -> !UNSAFE_ON_ANY_FD.matcher(e.name()).find()).toList();
  }
}
