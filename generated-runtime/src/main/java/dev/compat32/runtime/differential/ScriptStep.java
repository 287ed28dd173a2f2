package dev.compat32.runtime.differential;

import java.util.List;

/**
 * One line of an oracle script, with the byte ranges of its answer that differ between two
 * processes by nature (a pty number, a buffer address), each with the reason.
 */
public record ScriptStep(String name, String line, List<Mask> masks) {

  /** Bytes {@code [from, to)} of the answer's argument dump, and why they may differ. */
  public record Mask(int from, int to, String why) {}

  public ScriptStep {
    masks = List.copyOf(masks);
  }

  /** A step that opens or prepares an fd; its answer is not compared. */
  public static ScriptStep setup(String line) {
    return new ScriptStep("setup", line, List.of());
  }

  /**
   * {@code ioctl SLOT CMD ARG LEN HEX}: see the oracle's script language.
   *
   * @param arg {@code buf}, {@code val:N}, {@code ptr:N} or {@code fd:SLOT}
   * @param hex the buffer's bytes before the call, {@code -} for zeros, {@code last} to keep them
   */
  public static ScriptStep ioctl(String name, String slot, int command, String arg, int length, String hex, Mask... masks) {
    return new ScriptStep(name, "ioctl " + slot + " 0x" + Integer.toHexString(command) + " " + arg + " " + length + " " + hex,
        List.of(masks));
  }

  /** Stores the guest address of buffer byte {@code target} at buffer offset {@code offset}: a pointer inside the argument. */
  public ScriptStep withFix(int offset, int target) {
    return new ScriptStep(name, line + " fix " + offset + " " + target, masks);
  }

  public boolean isIoctl() {
    return line.startsWith("ioctl ");
  }

  /** The guest command of an ioctl step. */
  public int command() {
    return (int) Long.decode(line.split(" ")[2]).longValue();
  }

  /** An answer line ({@code R ERRNO HEX}) with the masked bytes replaced by {@code x}. */
  public String masked(String answer) {
    String[] parts = answer.split(" ", 3);
    if (parts.length < 3) {
      return answer;
    }
    StringBuilder hex = new StringBuilder(parts[2]);
    for (Mask m : masks) {
      for (int i = 2 * m.from(); i < 2 * m.to() && i < hex.length(); i++) {
        hex.setCharAt(i, 'x');
      }
    }
    return parts[0] + " " + parts[1] + " " + hex;
  }
}
