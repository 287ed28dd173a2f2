package dev.compat32.runtime.differential;

import dev.compat32.runtime.codec.ConversionException;
import dev.compat32.runtime.ioctl.IoctlDispatcher;
import dev.compat32.runtime.memory.GuestMemory;
import dev.compat32.runtime.nativecall.LinuxNative;
import dev.compat32.runtime.generated.PerfEventAttr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/**
 * Runs the {@link I386Oracle}'s script language in this JVM: the same steps the i386 oracle
 * performs through the kernel's compat path, performed here through the dispatcher on host fds.
 * Answers with the same lines, so the two transcripts can be compared step by step.
 */
public final class DispatchScript {
  /** Bytes of guest memory the script uses as its argument buffer. */
  public static final int BUFFER_SIZE = 65536;

  private final IoctlDispatcher dispatcher;
  private final MemorySegment buffer;
  private final long bufferAddress;
  private final int[] fds = new int[64];

  /** Runs on {@code memory}, with the argument buffer at guest address {@code bufferAddress}. */
  public DispatchScript(IoctlDispatcher dispatcher, GuestMemory memory, long bufferAddress) throws ConversionException {
    this.dispatcher = dispatcher;
    this.buffer = memory.slice(bufferAddress, BUFFER_SIZE);
    this.bufferAddress = bufferAddress;
  }

  /** The argument buffer in guest memory, to decode what a step left in it. */
  public MemorySegment buffer() {
    return buffer;
  }

  /** The guest address of {@link #buffer}. */
  public long bufferAddress() {
    return bufferAddress;
  }

  /** Performs one script line; the answer line the oracle would print. */
  public String run(String line) {
    String[] words = line.split(" ");
    switch (words[0]) {
      case "ptmx" -> {
        fds[Integer.parseInt(words[1])] = LinuxNative.openPtyMaster();
        return "ok";
      }
      case "socket" -> {
        fds[Integer.parseInt(words[1])] = LinuxNative.socket(LinuxNative.AF_INET, LinuxNative.SOCK_DGRAM, 0);
        return "ok";
      }
      case "pipe" -> {
        int[] pipe = LinuxNative.pipe();
        fds[Integer.parseInt(words[1])] = pipe[0];
        fds[Integer.parseInt(words[1]) + 1] = pipe[1];
        return "ok";
      }
      case "open" -> {
        fds[Integer.parseInt(words[1])] = LinuxNative.open(words[2], LinuxNative.O_RDONLY, 0);
        return "ok";
      }
      case "openrw" -> {
        fds[Integer.parseInt(words[1])] = LinuxNative.open(words[2], LinuxNative.O_RDWR, 0);
        return "ok";
      }
      case "close" -> {
        return Integer.toString(LinuxNative.close(fds[Integer.parseInt(words[1])]));
      }
      case "perf" -> {
        fds[Integer.parseInt(words[1])] = openTaskClock();
        return "ok";
      }
      case "loop" -> {
        int control = LinuxNative.open("/dev/loop-control", LinuxNative.O_RDWR, 0);
        int n = LinuxNative.ioctl(LinuxNative.newCallState(Arena.ofAuto()), control, LOOP_CTL_GET_FREE, 0);
        LinuxNative.close(control);
        fds[Integer.parseInt(words[1])] = LinuxNative.open("/dev/loop" + n, LinuxNative.O_RDWR, 0);
        return "ok";
      }
      case "write" -> {
        return Long.toString(LinuxNative.write(fd(words[1]), HexFormat.of().parseHex(words[2])));
      }
      case "ioctl" -> {
        return ioctl(words);
      }
      default -> throw new IllegalArgumentException(line);
    }
  }

  private String ioctl(String[] words) {
    int fd = fd(words[1]);
    int command = (int) Long.decode(words[2]).longValue();
    String arg = words[3];
    int length = Integer.parseInt(words[4]);
    String hex = words.length > 5 ? words[5] : "-";
    if (!hex.equals("last")) {
      buffer.fill((byte) 0);
      if (!hex.equals("-")) {
        MemorySegment.copy(MemorySegment.ofArray(HexFormat.of().parseHex(hex)), 0, buffer, 0, hex.length() / 2);
      }
    }
    for (int i = 6; i + 2 < words.length; i += 3) {
      long offset = Long.decode(words[i + 1]);
      long target = Long.decode(words[i + 2]);
      buffer.set(ValueLayout.JAVA_INT_UNALIGNED, offset, (int) (bufferAddress + target));
    }
    long value = bufferAddress;
    if (arg.startsWith("val:") || arg.startsWith("ptr:")) {
      value = Long.decode(arg.substring(4));
    } else if (arg.startsWith("fd:")) {
      value = fds[Integer.parseInt(arg.substring(3))];
    }
    int result = dispatcher.ioctl(fd, command, (int) value);
    String bytes = HexFormat.of().formatHex(buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
    return (result < 0 ? -1 : result) + " " + (result < 0 ? -result : 0) + " " + bytes;
  }

  private static final long LOOP_CTL_GET_FREE = 0x4C82;

  /** A disabled software task-clock counter on this process, as the oracle opens it. */
  private static int openTaskClock() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment attr = arena.allocate(PerfEventAttr.HOST_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, PerfEventAttr.HOST_OFFSET_TYPE, 1);  // PERF_TYPE_SOFTWARE
      attr.set(ValueLayout.JAVA_INT, PerfEventAttr.HOST_OFFSET_SIZE, (int) PerfEventAttr.HOST_SIZE);
      attr.set(ValueLayout.JAVA_LONG, PerfEventAttr.HOST_OFFSET_CONFIG, 1);  // PERF_COUNT_SW_TASK_CLOCK
      attr.set(ValueLayout.JAVA_LONG, PerfEventAttr.HOST_OFFSET_DISABLED, 1);  // disabled, bit 0
      return LinuxNative.perfEventOpen(attr, 0, -1, -1, 0);
    }
  }

  private int fd(String slot) {
    return slot.equals("bad") ? 999 : fds[Integer.parseInt(slot)];
  }
}
