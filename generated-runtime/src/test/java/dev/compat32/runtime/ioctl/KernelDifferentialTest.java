package dev.compat32.runtime.ioctl;

import static dev.compat32.runtime.generated.CompatIoctls.I386.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.compat32.runtime.differential.DispatchScript;
import dev.compat32.runtime.differential.I386Oracle;
import dev.compat32.runtime.testing.Oracles;
import dev.compat32.runtime.differential.ScriptStep;
import dev.compat32.runtime.differential.ScriptStep.Mask;
import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.generated.CompatIoctls;
import dev.compat32.runtime.memory.IdentityGuestMemory;
import dev.compat32.runtime.memory.SegmentGuestMemory;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated dispatch table against the kernel's own i386 compat path. A static {@code gcc
 * -m32} program runs a script of ioctls on its own pty, socket, pipe and file; this JVM runs the
 * same script through {@link IoctlDispatcher} on equivalent fds, once on segment-backed and once on
 * identity-mapped guest memory. Return value, errno and every
 * byte the guest sees must agree; the few bytes that differ between two processes by nature are
 * masked, each named below.
 */
class KernelDifferentialTest {
  @TempDir
  Path work;

  /**
   * A script step; a {@code divergence} is where compat32 answers as an i386 kernel would and the
   * compat path does not: the test then asserts compat32's own answer, and says why.
   */
  private record Step(ScriptStep step, Divergence divergence) {
    /** Diverges where the step named {@code given} succeeded in the i386 process (the fd it needs exists there). */
    Step divergingAs(String compat32, String given, String why) {
      return new Step(step, new Divergence(compat32, given, why));
    }

    Step withFix(int offset, int target) {
      return new Step(step.withFix(offset, target), divergence);
    }

    String name() {
      return step.name();
    }

    String line() {
      return step.line();
    }
  }

  private record Divergence(String compat32, String given, String why) {}

  private static Step io(String name, String slot, int command, String arg, int length, String hex, Mask... masks) {
    return new Step(ScriptStep.ioctl(name, slot, command, arg, length, hex, masks), null);
  }

  private static Step setup(String line) {
    return new Step(ScriptStep.setup(line), null);
  }

  private static String zeros(int bytes) {
    return "00".repeat(bytes);
  }

  /** An i386 struct ifreq naming {@code lo}, with {@code tail} from offset 16. */
  private static String ifreqLo(String tail) {
    String name = "6c6f" + zeros(14);
    return name + tail + zeros(16 - tail.length() / 2);
  }

  private List<Step> script(Path file) {
    List<Step> steps = new ArrayList<>();
    // a pty master
    steps.add(setup("ptmx 0"));
    steps.add(io("TCGETS", "0", TCGETS, "buf", 36, "-"));
    steps.add(io("TCSETS", "0", TCSETS, "buf", 36, "last"));
    steps.add(io("TCSETSW", "0", TCSETSW, "buf", 36, "last"));
    steps.add(io("TCSETSF", "0", TCSETSF, "buf", 36, "last"));
    steps.add(io("TCGETS2", "0", TCGETS2, "buf", 44, "-"));
    steps.add(io("TCSETS2", "0", TCSETS2, "buf", 44, "last"));
    steps.add(io("TCGETA", "0", TCGETA, "buf", 18, "-"));
    steps.add(io("TCSETA", "0", TCSETA, "buf", 18, "last"));
    steps.add(io("TIOCSWINSZ", "0", TIOCSWINSZ, "buf", 8, "18005000e0018002"));
    steps.add(io("TIOCGWINSZ", "0", TIOCGWINSZ, "buf", 8, "-"));
    steps.add(io("TIOCGPTN", "0", TIOCGPTN, "buf", 4, "-", new Mask(0, 4, "each process opens its own pty")));
    steps.add(io("TIOCSPTLCK", "0", TIOCSPTLCK, "buf", 4, "00000000"));
    steps.add(io("TIOCGPTLCK", "0", TIOCGPTLCK, "buf", 4, "ffffffff"));
    steps.add(io("TIOCOUTQ", "0", TIOCOUTQ, "buf", 4, "ffffffff"));
    steps.add(io("FIONREAD (pty)", "0", FIONREAD, "buf", 4, "ffffffff"));
    steps.add(io("FIONBIO", "0", FIONBIO, "buf", 4, "01000000"));
    steps.add(io("FIOCLEX", "0", FIOCLEX, "val:0", 0, "-"));
    steps.add(io("FIONCLEX", "0", FIONCLEX, "val:0", 0, "-"));
    steps.add(io("TIOCPKT", "0", TIOCPKT, "buf", 4, "00000000"));
    steps.add(io("TIOCGPKT", "0", TIOCGPKT, "buf", 4, "ffffffff"));
    steps.add(io("TIOCEXCL", "0", TIOCEXCL, "val:0", 0, "-"));
    steps.add(io("TIOCGEXCL", "0", TIOCGEXCL, "buf", 4, "ffffffff"));
    steps.add(io("TIOCNXCL", "0", TIOCNXCL, "val:0", 0, "-"));
    steps.add(io("TIOCGETD", "0", TIOCGETD, "buf", 4, "ffffffff"));
    steps.add(io("TIOCGPGRP", "0", TIOCGPGRP, "buf", 4, "ffffffff"));
    steps.add(io("TIOCGSID", "0", TIOCGSID, "buf", 4, "ffffffff"));
    steps.add(io("TCFLSH", "0", TCFLSH, "val:2", 0, "-"));
    steps.add(io("TCXONC", "0", TCXONC, "val:1", 0, "-"));
    steps.add(io("TIOCGSERIAL", "0", TIOCGSERIAL, "buf", 60, "-"));
    steps.add(io("TIOCGICOUNT", "0", TIOCGICOUNT, "buf", 80, "-"));
    steps.add(io("TIOCGRS485", "0", TIOCGRS485, "buf", 32, "-"));
    steps.add(io("TIOCMGET", "0", TIOCMGET, "buf", 4, "ffffffff"));
    steps.add(io("TIOCGLCKTRMIOS", "0", TIOCGLCKTRMIOS, "buf", 36, "-"));
    // a UDP socket on loopback
    steps.add(setup("socket 1"));
    steps.add(io("SIOCGIFCONF", "1", SIOCGIFCONF, "buf", 16 + 4 * 32, "80000000" + zeros(12), new Mask(4, 8,
        "ifc_buf holds the buffer's address, which differs between the two processes")).withFix(4, 16));
    steps.add(io("SIOCGIFCONF (length query)", "1", SIOCGIFCONF, "buf", 8, zeros(8)));
    steps.add(io("SIOCGIFFLAGS", "1", SIOCGIFFLAGS, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFINDEX", "1", SIOCGIFINDEX, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFNAME", "1", SIOCGIFNAME, "buf", 32, zeros(16) + "01000000"));
    steps.add(io("SIOCGIFADDR", "1", SIOCGIFADDR, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFNETMASK", "1", SIOCGIFNETMASK, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFBRDADDR", "1", SIOCGIFBRDADDR, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFDSTADDR", "1", SIOCGIFDSTADDR, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFMTU", "1", SIOCGIFMTU, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFMETRIC", "1", SIOCGIFMETRIC, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFHWADDR", "1", SIOCGIFHWADDR, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFTXQLEN", "1", SIOCGIFTXQLEN, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFMAP", "1", SIOCGIFMAP, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFPFLAGS", "1", SIOCGIFPFLAGS, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGIFNAME of a missing index", "1", SIOCGIFNAME, "buf", 32, zeros(16) + "ffffff7f"));
    steps.add(io("SIOCGIWNAME", "1", SIOCGIWNAME, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCATMARK", "1", SIOCATMARK, "buf", 4, "ffffffff"));
    steps.add(io("FIOGETOWN", "1", FIOGETOWN, "buf", 4, "ffffffff"));
    steps.add(io("SIOCGPGRP", "1", SIOCGPGRP, "buf", 4, "ffffffff"));
    steps.add(io("SIOCGSTAMP (time32)", "1", SIOCGSTAMP, "buf", 8, "-"));
    steps.add(io("SIOCGSTAMP (time64)", "1", CompatIoctls.I386Time64.SIOCGSTAMP, "buf", 16, "-"));
    steps.add(io("SIOCGSTAMPNS (time32)", "1", SIOCGSTAMPNS, "buf", 8, "-"));
    steps.add(io("SIOCGSTAMPNS (time64)", "1", CompatIoctls.I386Time64.SIOCGSTAMPNS, "buf", 16, "-"));
    steps.add(io("SIOCOUTQ", "1", SIOCOUTQ, "buf", 4, "ffffffff"));
    steps.add(io("SIOCINQ", "1", SIOCINQ, "buf", 4, "ffffffff"));
    // a pipe with five bytes in it
    steps.add(setup("pipe 2"));
    steps.add(setup("write 3 68656c6c6f"));
    steps.add(io("FIONREAD (pipe)", "2", FIONREAD, "buf", 4, "ffffffff"));
    // a regular file that both processes open by path
    steps.add(setup("open 4 " + file));
    steps.add(io("FS_IOC_GETFLAGS", "4", FS_IOC_GETFLAGS, "buf", 8, "ffffffffffffffff"));
    steps.add(io("FS_IOC32_GETFLAGS", "4", FS_IOC32_GETFLAGS, "buf", 8, "ffffffffffffffff"));
    steps.add(io("FS_IOC_GETVERSION", "4", FS_IOC_GETVERSION, "buf", 8, "ffffffffffffffff"));
    steps.add(io("FIGETBSZ", "4", FIGETBSZ, "buf", 4, "ffffffff"));
    steps.add(io("FIONREAD (file)", "4", FIONREAD, "buf", 4, "ffffffff"));
    steps.add(io("FS_IOC_FSGETXATTR", "4", FS_IOC_FSGETXATTR, "buf", 28, "-"));
    steps.add(io("FS_IOC_FIEMAP", "4", FS_IOC_FIEMAP, "buf", 32 + 4 * 56,
        zeros(8) + "ffffffffffffffff" + "01000000" + "00000000" + "04000000" + zeros(4)));
    steps.add(io("FS_IOC_GETFSLABEL", "4", FS_IOC_GETFSLABEL, "buf", 256, "-"));
    steps.add(io("BLKGETSIZE64 (not a block device)", "4", BLKGETSIZE64, "buf", 8, "-"));
    // /dev/urandom
    steps.add(setup("open 5 /dev/urandom"));
    steps.add(io("RNDGETENTCNT", "5", RNDGETENTCNT, "buf", 4, "ffffffff", new Mask(0, 4,
        "the entropy estimate moves on its own")));
    // a perf event counter on the process itself
    steps.add(setup("perf 8"));
    steps.add(io("PERF_EVENT_IOC_ID", "8", PERF_EVENT_IOC_ID, "buf", 12, "ffffffffffffffffffffffff",
        new Mask(0, 8, "event ids are global and grow from event to event")));
    steps.add(io("PERF_EVENT_IOC_ENABLE", "8", PERF_EVENT_IOC_ENABLE, "val:0", 0, "-"));
    steps.add(io("PERF_EVENT_IOC_DISABLE", "8", PERF_EVENT_IOC_DISABLE, "val:0", 0, "-"));
    steps.add(io("PERF_EVENT_IOC_RESET", "8", PERF_EVENT_IOC_RESET, "val:0", 0, "-"));
    steps.add(io("PERF_EVENT_IOC_REFRESH", "8", PERF_EVENT_IOC_REFRESH, "val:1", 0, "-"));
    steps.add(io("PERF_EVENT_IOC_PERIOD", "8", PERF_EVENT_IOC_PERIOD, "buf", 8, "e803000000000000"));
    steps.add(io("PERF_EVENT_IOC_SET_OUTPUT", "8", PERF_EVENT_IOC_SET_OUTPUT, "val:-1", 0, "-").divergingAs("0 0 ", "PERF_EVENT_IOC_ENABLE",
        "the compat path zero-extends the int argument, so -1 (no output) arrives as fd 4294967295: EBADF; an i386 kernel "
            + "takes it as -1 and succeeds, and so does compat32, which sign-extends an int argument"));
    steps.add(io("PERF_EVENT_IOC_PAUSE_OUTPUT", "8", PERF_EVENT_IOC_PAUSE_OUTPUT, "val:1", 0, "-"));
    steps.add(io("PERF_EVENT_IOC_SET_BPF", "8", PERF_EVENT_IOC_SET_BPF, "val:-1", 0, "-"));
    steps.add(io("PERF_EVENT_IOC_ID on a pipe", "2", PERF_EVENT_IOC_ID, "buf", 8, "-"));
    if (isRoot()) {
      rootSteps(steps);
    }
    // errors
    steps.add(io("TCGETS on a bad fd", "bad", TCGETS, "buf", 4, "-"));
    steps.add(io("an unknown command", "0", 0x7fff4242, "buf", 4, "-"));
    steps.add(io("TIOCGWINSZ to a bad pointer", "0", TIOCGWINSZ, "ptr:0xfffff000", 0, "-"));
    steps.add(io("SIOCGIFCONF with a bad ifc_buf", "1", SIOCGIFCONF, "buf", 8, "80000000" + "00f0ffff"));
    steps.add(io("FS_IOC_FIEMAP to a bad pointer", "4", FS_IOC_FIEMAP, "ptr:0xfffff000", 0, "-"));
    // a bad pointer is not always EFAULT: the fd and the command are checked first
    steps.add(io("TCGETS on a socket with a bad pointer", "1", TCGETS, "ptr:0xfffff000", 0, "-"));
    steps.add(io("TCGETS on a bad fd with a bad pointer", "bad", TCGETS, "ptr:0xfffff000", 0, "-"));
    steps.add(io("SIOCGIFCONF on a pty with a bad pointer", "0", SIOCGIFCONF, "ptr:0xfffff000", 0, "-"));
    steps.add(io("SIOCGIFCONF on a bad fd with a bad pointer", "bad", SIOCGIFCONF, "ptr:0xfffff000", 0, "-"));
    steps.add(io("FS_IOC_GETFLAGS on a pty with a bad pointer", "0", FS_IOC_GETFLAGS, "ptr:0xfffff000", 0, "-"));
    steps.add(io("FS_IOC_FIEMAP on a socket with a bad pointer", "1", FS_IOC_FIEMAP, "ptr:0xfffff000", 0, "-"));
    steps.add(io("BLKGETSIZE on a pipe with a bad pointer", "2", BLKGETSIZE, "ptr:0xfffff000", 0, "-"));
    // commands the compat path does not know on sockets, known elsewhere by their drivers' answer
    steps.add(io("SIOCGIFSLAVE on a socket (compat path: unsupported)", "1", SIOCGIFSLAVE, "buf", 32, ifreqLo("")));
    steps.add(io("SIOCGRARP on /dev/urandom", "5", SIOCGRARP, "buf", 68, "-"));
    // a flexible array past guest memory: the kernel judges the header first (a count over its limit)
    steps.add(io("FS_IOC_FIEMAP with 2^31 - 1 extents", "4", FS_IOC_FIEMAP, "buf", 32,
        zeros(8) + "ffffffffffffffff" + "00000000" + "00000000" + "ffffff7f" + zeros(4)));
    // a count past the end of guest memory that the kernel accepts: it writes the one extent there is
    steps.add(io("FS_IOC_FIEMAP with 1,000,000 extents", "4", FS_IOC_FIEMAP, "buf", 32 + 2 * 56,
        zeros(8) + "ffffffffffffffff" + "00000000" + "00000000" + "40420f00" + zeros(4)));
    // and writes the header back although it fails (fm_flags asks for an unknown flag)
    steps.add(io("FS_IOC_FIEMAP with an unknown flag", "4", FS_IOC_FIEMAP, "buf", 32,
        zeros(8) + "ffffffffffffffff" + "00000080" + "ffffffff" + "01000000" + zeros(4)));
    return steps;
  }

  /** Whether the i386 process's answer to the step named {@code name} was a success. */
  private static boolean succeeded(List<Step> steps, List<String> kernel, String name) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        return kernel.get(i).startsWith("0 ");
      }
    }
    return false;
  }

  /** Loop and block devices and tun need root; CI runs as root. */
  private static boolean isRoot() {
    return Files.isWritable(Path.of("/dev/loop-control")) && Files.isWritable(Path.of("/dev/net/tun"));
  }

  private static void rootSteps(List<Step> steps) {
    // a loop device over the regular file in slot 4
    steps.add(setup("loop 6"));
    steps.add(io("LOOP_SET_FD", "6", LOOP_SET_FD, "fd:4", 0, "-"));
    Mask loopNumber = new Mask(0, 4, "each process attaches the first free loop device");
    steps.add(io("LOOP_GET_STATUS", "6", LOOP_GET_STATUS, "buf", 140, "-", loopNumber));
    steps.add(io("LOOP_SET_STATUS", "6", LOOP_SET_STATUS, "buf", 140, "last", loopNumber));
    steps.add(io("LOOP_GET_STATUS64", "6", LOOP_GET_STATUS64, "buf", 232, "-",
        new Mask(40, 44, "each process attaches the first free loop device")));
    steps.add(io("LOOP_SET_STATUS64", "6", LOOP_SET_STATUS64, "buf", 232, "last"));
    steps.add(io("BLKGETSIZE64", "6", BLKGETSIZE64, "buf", 8, "-"));
    steps.add(io("BLKGETSIZE", "6", BLKGETSIZE, "buf", 8, "ffffffffffffffff"));
    steps.add(io("BLKSSZGET", "6", BLKSSZGET, "buf", 4, "ffffffff"));
    steps.add(io("BLKBSZGET", "6", BLKBSZGET, "buf", 8, "ffffffffffffffff", new Mask(0, 4,
        "for the same loop device the kernel's compat handler reports 512 and its native one 4096 (seen with one C program "
            + "built -m32 and -m64); compat32 calls the native one")));
    steps.add(io("BLKPBSZGET", "6", BLKPBSZGET, "buf", 4, "ffffffff"));
    steps.add(io("BLKIOMIN", "6", BLKIOMIN, "buf", 4, "ffffffff"));
    steps.add(io("BLKIOOPT", "6", BLKIOOPT, "buf", 4, "ffffffff"));
    steps.add(io("BLKALIGNOFF", "6", BLKALIGNOFF, "buf", 4, "ffffffff"));
    steps.add(io("BLKROGET", "6", BLKROGET, "buf", 4, "ffffffff"));
    steps.add(io("BLKRAGET", "6", BLKRAGET, "buf", 8, "ffffffffffffffff"));
    steps.add(io("BLKFRAGET", "6", BLKFRAGET, "buf", 8, "ffffffffffffffff"));
    steps.add(io("BLKSECTGET", "6", BLKSECTGET, "buf", 4, "ffffffff"));
    steps.add(io("BLKROTATIONAL", "6", BLKROTATIONAL, "buf", 4, "ffffffff"));
    steps.add(io("BLKDISCARDZEROES", "6", BLKDISCARDZEROES, "buf", 4, "ffffffff"));
    steps.add(io("BLKGETDISKSEQ", "6", BLKGETDISKSEQ, "buf", 8, "-", new Mask(0, 8, "every attach takes a new disk sequence number")));
    steps.add(io("HDIO_GETGEO", "6", HDIO_GETGEO, "buf", 16, "-"));
    steps.add(io("LOOP_SET_CAPACITY", "6", LOOP_SET_CAPACITY, "val:0", 0, "-"));
    steps.add(io("LOOP_SET_DIRECT_IO", "6", LOOP_SET_DIRECT_IO, "val:0", 0, "-"));
    steps.add(io("LOOP_CLR_FD", "6", LOOP_CLR_FD, "val:0", 0, "-"));
    steps.add(setup("close 6"));
    // tun: TUNGETIFF writes 32 bytes on the compat path, 40 natively; the bytes after the guest's struct must stay
    steps.add(setup("openrw 7 /dev/net/tun"));
    steps.add(io("TUNGETFEATURES", "7", TUNGETFEATURES, "buf", 4, "-"));
    String tunName = "63333274756e30" + zeros(9);  // "c32tun0"
    steps.add(io("TUNSETIFF", "7", TUNSETIFF, "buf", 40, tunName + "0110" + zeros(14) + "ffffffffffffffff"));
    steps.add(io("TUNGETIFF", "7", TUNGETIFF, "buf", 40, "ff".repeat(40)));
    steps.add(io("TUNGETSNDBUF", "7", TUNGETSNDBUF, "buf", 4, "-"));
    steps.add(io("TUNSETSNDBUF", "7", TUNSETSNDBUF, "buf", 4, "00000100"));
    steps.add(io("TUNGETVNETHDRSZ", "7", TUNGETVNETHDRSZ, "buf", 4, "-"));
    steps.add(io("TUNGETVNETLE", "7", TUNGETVNETLE, "buf", 4, "-"));
    steps.add(io("TUNSETPERSIST", "7", TUNSETPERSIST, "val:0", 0, "-"));
    steps.add(setup("close 7"));
  }

  @TestFactory
  Stream<DynamicTest> everyIoctlAgreesWithTheKernelsCompatPath() throws Exception {
    I386Oracle oracle = Oracles.require(work.resolve("oracle"));

    Path file = work.resolve("data.bin");
    Files.write(file, new byte[256 * 1024]);
    List<Step> steps = script(file);
    List<String> kernel = oracle.run(steps.stream().map(Step::line).toList());

    List<String> onSegment = new ArrayList<>();
    try (Arena arena = Arena.ofShared()) {
      SegmentGuestMemory memory = SegmentGuestMemory.allocate(arena, 1 << 20);
      DispatchScript guest = new DispatchScript(new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory), memory, 0x10000);
      for (Step step : steps) {
        onSegment.add(guest.run(step.line()));
      }
    }
    List<String> onIdentity = new ArrayList<>();
    try (IdentityGuestMemory memory = new IdentityGuestMemory()) {
      DispatchScript guest = new DispatchScript(new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory), memory,
          memory.allocate(DispatchScript.BUFFER_SIZE));
      for (Step step : steps) {
        onIdentity.add(guest.run(step.line()));
      }
    }

    List<DynamicTest> tests = new ArrayList<>();
    Set<String> commands = new LinkedHashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (!step.step().isIoctl()) {
        continue;
      }
      commands.add(step.line().split(" ")[2]);
      boolean diverges = step.divergence() != null && succeeded(steps, kernel, step.divergence().given());
      String expected = diverges ? step.divergence().compat32() : step.step().masked(kernel.get(i));
      String segment = step.step().masked(onSegment.get(i));
      String identity = step.step().masked(onIdentity.get(i));
      String compatPath = kernel.get(i);
      tests.add(DynamicTest.dynamicTest(step.name() + (diverges ? " (diverges on purpose)" : ""), () -> {
        if (diverges) {
          assertThat(compatPath).as("the compat path now answers as compat32 does; drop the divergence: %s",
              step.divergence().why()).isNotEqualTo(step.divergence().compat32());
        }
        assertThat(segment).as("%s: result errno bytes, kernel compat path vs compat32 on segment guest memory", step.line())
            .isEqualTo(expected);
        assertThat(identity).as("%s: result errno bytes, kernel compat path vs compat32 on identity-mapped guest memory",
            step.line()).isEqualTo(expected);
      }));
    }
    tests.add(DynamicTest.dynamicTest("root-only steps: loop, block, tun", () -> {
      assumeTrue(isRoot(), "not root: loop, block and tun steps skipped");
      assertThat(steps).anyMatch(s -> s.name().equals("TUNGETIFF"));
    }));
    tests.add(DynamicTest.dynamicTest("at least 35 distinct commands compared (" + commands.size() + ")",
        () -> assertThat(commands.size()).isGreaterThanOrEqualTo(35)));
    return tests.stream();
  }
}
