package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One ioctl command.
 *
 * <p>Its number is, per ABI, the first that applies: {@code alias} (the same number as another
 * ioctl, as a {@code #define} of it), a fixed legacy {@code number}, or {@code _IOC(dir, type, nr,
 * sizeof(size))}. {@code size} is the type whose size goes into the number, which can differ from
 * {@code arg}, what the kernel really moves ({@code FS_IOC_GETFLAGS} says {@code long}, moves an
 * {@code int}).
 *
 * @param translatesTo the ioctl whose host command and handling this one shares ({@code
 *     FS_IOC32_GETFLAGS} is served as {@code FS_IOC_GETFLAGS})
 * @param handler a hand-written handler class, for what the spec language cannot say
 * @param fd what the fd must be when two ioctls share a guest number ({@code socket}, {@code tty},
 *     {@code file}, {@code chardev:MAJOR})
 * @param live for union members of the argument, the member the command uses
 * @param outOnError whether the kernel copies the argument back even when it fails (FIEMAP does)
 * @param unsupported why the kernel's compat path rejects the command, when it does; compat32
 *     answers the same, and the spec keeps the command's number and shape for readers
 * @param unsupportedErrno the errno the compat path answers it with (ENOTTY unless the spec says)
 * @param argDir which way the argument moves where it is not what the number's direction says
 *     ({@code EVIOCGMASK} is {@code _IOR}, but the kernel reads the struct to learn where to write)
 */
public record IoctlSpec(
    String name,
    SourceLocation location,
    String cName,
    String header,
    Optional<Direction> direction,
    Optional<Integer> type,
    Optional<Integer> nr,
    PerAbi<TypeExpr> size,
    Optional<TypeExpr> arg,
    ArgMode argMode,
    PerAbi<Long> number,
    PerAbi<String> alias,
    Optional<String> translatesTo,
    Optional<String> handler,
    Optional<String> fd,
    Map<String, String> live,
    boolean outOnError,
    Optional<String> unsupported,
    int unsupportedErrno,
    Optional<FieldSpec.DataDirection> argDir,
    Set<String> abis,
    Path file) {

  /** {@code _IO}, {@code _IOW}, {@code _IOR}, {@code _IOWR}. */
  public enum Direction { NONE, WRITE, READ, READ_WRITE }

  /** How the third ioctl argument is passed. */
  public enum ArgMode { POINTER, VALUE, NONE }

  public IoctlSpec {
    live = Map.copyOf(live);
    abis = Set.copyOf(abis);
  }
}
