package example.demo;

import static dev.compat32.runtime.generated.CompatIoctls.I386.*;

import dev.compat32.runtime.differential.DispatchScript;
import dev.compat32.runtime.differential.I386Oracle;
import dev.compat32.runtime.differential.ScriptStep;
import dev.compat32.runtime.differential.ScriptStep.Mask;
import dev.compat32.runtime.generated.CompatIoctlTable;
import dev.compat32.runtime.generated.Ifconf;
import dev.compat32.runtime.generated.Ifreq;
import dev.compat32.runtime.ioctl.IoctlDispatcher;
import dev.compat32.runtime.ioctl.IoctlEntry;
import dev.compat32.runtime.memory.IdentityGuestMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * i386 ioctls on a pty, a loopback socket, a pipe and a file, performed through compat32's
 * generated dispatch table on identity-mapped guest memory. For each: the ioctl, its guest and
 * host numbers, the path the table takes, the decoded guest struct afterwards, and whether a real
 * i386 process, going through the kernel's own compat path, saw the same.
 */
public final class IoctlDemo {
  private IoctlDemo() {}

  private static String zeros(int bytes) {
    return "00".repeat(bytes);
  }

  private static List<ScriptStep> script(Path file) {
    String lo = "6c6f" + zeros(30);  // struct ifreq naming "lo"
    return List.of(
        ScriptStep.setup("ptmx 0"),
        ScriptStep.ioctl("TCGETS", "0", TCGETS, "buf", 36, "-"),
        ScriptStep.ioctl("TIOCSWINSZ", "0", TIOCSWINSZ, "buf", 8, "18005000e0018002"),
        ScriptStep.ioctl("TIOCGWINSZ", "0", TIOCGWINSZ, "buf", 8, "-"),
        ScriptStep.ioctl("TIOCGPTN", "0", TIOCGPTN, "buf", 4, "-", new Mask(0, 4, "each process opens its own pty")),
        ScriptStep.ioctl("TCGETA", "0", TCGETA, "buf", 18, "-"),
        ScriptStep.setup("socket 1"),
        ScriptStep.ioctl("SIOCGIFCONF", "1", SIOCGIFCONF, "buf", 16 + 4 * 32, "80000000" + zeros(4),
            new Mask(4, 8, "ifc_buf is the buffer's address in each process")).withFix(4, 16),
        ScriptStep.ioctl("SIOCGIFFLAGS", "1", SIOCGIFFLAGS, "buf", 32, lo),
        ScriptStep.ioctl("SIOCGIFMTU", "1", SIOCGIFMTU, "buf", 32, lo),
        ScriptStep.ioctl("SIOCGIWNAME", "1", SIOCGIWNAME, "buf", 32, lo),
        ScriptStep.ioctl("SIOCGSTAMP", "1", SIOCGSTAMP, "buf", 8, "-"),
        ScriptStep.setup("pipe 2"),
        ScriptStep.setup("write 3 68656c6c6f"),
        ScriptStep.ioctl("FIONREAD", "2", FIONREAD, "buf", 4, "-"),
        ScriptStep.setup("open 4 " + file),
        ScriptStep.ioctl("FS_IOC_GETFLAGS", "4", FS_IOC_GETFLAGS, "buf", 4, "-"),
        ScriptStep.ioctl("FIGETBSZ", "4", FIGETBSZ, "buf", 4, "-"),
        ScriptStep.ioctl("FS_IOC_FIEMAP", "4", FS_IOC_FIEMAP, "buf", 32 + 2 * 56,
            zeros(8) + "ffffffffffffffff" + "01000000" + zeros(4) + "02000000" + zeros(4)),
        ScriptStep.ioctl("TIOCGWINSZ to a bad pointer", "0", TIOCGWINSZ, "ptr:0xfffff000", 0, "-"),
        ScriptStep.ioctl("an unknown command", "0", 0x7fff4242, "buf", 4, "-"));
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("compat32-demo");
    Path file = Files.write(work.resolve("data.bin"), new byte[64 * 1024]);
    List<ScriptStep> steps = script(file);

    // progress on stderr, so that the report on stdout stays the report
    System.err.println("compat32-demo: building the i386 process (gcc -m32 -static) that runs the same ioctls...");
    I386Oracle.Built built = I386Oracle.build(work.resolve("oracle"));
    Optional<List<String>> kernel = Optional.empty();
    if (built.oracle().isPresent()) {
      System.err.println("compat32-demo: running " + steps.size() + " steps in the i386 process...");
      kernel = Optional.of(built.oracle().get().run(steps.stream().map(ScriptStep::line).toList()));
    }
    System.err.println("compat32-demo: running the same steps through compat32...");

    try (IdentityGuestMemory memory = new IdentityGuestMemory()) {
      long buffer = memory.allocate(DispatchScript.BUFFER_SIZE);
      IoctlDispatcher dispatcher = new IoctlDispatcher(CompatIoctlTable.INSTANCE, memory);
      DispatchScript guest = new DispatchScript(dispatcher, memory, buffer);
      System.out.printf("compat32: i386 ioctls through the generated table onto an x86_64 kernel%n");
      System.out.printf("guest memory: identity-mapped, argument buffer at 0x%x%n", buffer);
      System.out.printf("i386 oracle: %s%n%n", built.oracle().isPresent()
          ? "a static gcc -m32 program runs the same steps through the kernel's compat path" : "not available: " + built.log().strip());
      int agree = 0;
      int compared = 0;
      for (int i = 0; i < steps.size(); i++) {
        ScriptStep step = steps.get(i);
        String answer = guest.run(step.line());
        if (!step.isIoctl()) {
          System.out.printf("# %s%n", step.line().replace(work.toString(), "$TMP"));
          continue;
        }
        Optional<IoctlEntry> entry = CompatIoctlTable.INSTANCE.entries().stream()
            .filter(e -> e.guestNumber() == step.command() && e.abi().equals("i386")).findFirst();
        String[] parts = answer.split(" ", 3);
        System.out.printf("%s%n", step.name());
        System.out.printf("  guest 0x%08x -> %s%n", step.command(), entry.map(e -> String.format("host 0x%08x, %s, %s",
            e.hostNumber(), e.path(), e.argument())).orElse("not in the table: -ENOTTY"));
        System.out.printf("  result %s%s%n", parts[0], parts[1].equals("0") ? "" : " errno " + parts[1] + " (" + errnoName(parts[1]) + ")");
        entry.filter(e -> e.decoder() != null && parts[0].equals("0")).ifPresent(e ->
            System.out.printf("  guest %s%n", show(e.decoder().decode(guest.buffer(), 0), guest)));
        if (kernel.isPresent()) {
          compared++;
          boolean same = step.masked(kernel.get().get(i)).equals(step.masked(answer));
          agree += same ? 1 : 0;
          System.out.printf("  i386 process: %s%s%n", same ? "agrees" : "DIFFERS: " + kernel.get().get(i),
              same && !step.masks().isEmpty() ? " (apart from " + step.masks().get(0).why() + ")" : "");
          System.out.printf("  meaning: %s%n", meaning(parts, same));
        } else {
          System.out.printf("  meaning: %s%n", parts[1].equals("0") ? "the call succeeded through compat32 (no i386 process to compare with)"
              : "the call failed with " + errnoName(parts[1]) + " (no i386 process to say whether the kernel fails it too)");
        }
      }
      System.out.printf("%n%s%n", kernel.isPresent() ? agree + " of " + compared + " ioctls agree with the real i386 process"
          : "no i386 comparison: " + (built.kernelRefuses() ? "this kernel does not run i386 programs" : "gcc -m32 missing"));
      if (kernel.isPresent() && agree != compared) {
        System.exit(1);
      }
    }
  }

  /** What one result says, in plain words: the point is to answer as the kernel answers an i386 process. */
  private static String meaning(String[] parts, boolean same) {
    if (!same) {
      return "compat32 answered differently from the kernel's own compat path: that is a bug";
    }
    if (parts[1].equals("0")) {
      return "the call succeeded, with the same result and bytes as in the real i386 process";
    }
    return "the call failed with " + errnoName(parts[1]) + ", exactly as it fails for the real i386 process;"
        + " that is the point: compat32 answers as the kernel does, failures included";
  }

  /** A decoded value; for SIOCGIFCONF, the struct ifreq array its pointer leads to as well. */
  private static String show(Object value, DispatchScript guest) {
    if (value instanceof Ifconf.Value conf && conf.ifcIfcuIfcuReq() != null) {
      List<String> names = new ArrayList<>();
      long offset = conf.ifcIfcuIfcuReq() - guest.bufferAddress();
      for (long i = 0; i < conf.ifcLen() / Ifreq.GUEST_SIZE; i++) {
        Ifreq.Value req = Ifreq.decodeGuest(guest.buffer(), offset + i * Ifreq.GUEST_SIZE);
        byte[] address = req.ifrIfruIfruAddr().saData();
        names.add(new String(req.ifrIfrnIfrnName()).trim() + " " + (address[2] & 0xff) + "." + (address[3] & 0xff) + "."
            + (address[4] & 0xff) + "." + (address[5] & 0xff));
      }
      return value + "\n    ifc_req -> " + names;
    }
    return String.valueOf(value);
  }

  private static String errnoName(String errno) {
    return switch (errno) {
      case "2" -> "ENOENT";
      case "9" -> "EBADF";
      case "14" -> "EFAULT";
      case "22" -> "EINVAL";
      case "25" -> "ENOTTY";
      case "75" -> "EOVERFLOW";
      default -> "errno " + errno;
    };
  }
}
