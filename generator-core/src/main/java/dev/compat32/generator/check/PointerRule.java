package dev.compat32.generator.check;

import dev.compat32.generator.layout.ByteShapes;
import dev.compat32.generator.layout.CType;
import dev.compat32.generator.layout.ScalarKind;
import dev.compat32.generator.spec.FieldSpec;
import java.util.Optional;

/**
 * How one pointer (or address) member reaches the other side; the one rule for pointers, asked by
 * the check pass and printed by the emitters. A pointer is translated (the address, checked to lie
 * in guest memory, else the no-access page) or deep-copied with its count; never copied.
 */
public final class PointerRule {
  private static final CType BYTE = new CType.Scalar("unsigned char", 1, 1, ScalarKind.UNSIGNED);

  private PointerRule() {}

  public sealed interface Handling {}

  /** Only the address: nothing behind it is converted. */
  public record Translate() implements Handling {}

  /** What it points to is copied to host scratch and converted element by element, as the count says. */
  public record DeepCopy(FieldSpec.Count count, CType guestElement, CType hostElement) implements Handling {}

  public record Refused(String why) implements Handling {}

  public static Handling decide(FieldSpec spec, CType.Pointer guest, CType.Pointer host) {
    if (spec.count().isPresent()) {
      Optional<CType> ge = element(guest);
      Optional<CType> he = element(host);
      if (ge.isEmpty() || he.isEmpty()) {
        return new Refused("points to '" + guest.target().spelling() + "', which is not resolved");
      }
      if (ge.get().size() == 0 || he.get().size() == 0) {
        return new Refused("points to '" + guest.target().spelling() + "', which has no size to count in");
      }
      return new DeepCopy(spec.count().get(), ge.get(), he.get());
    }
    if (guest.target().isOpaque()) {
      return new Translate();
    }
    Optional<CType> gt = guest.target().type();
    Optional<CType> ht = host.target().type();
    if (gt.isPresent() && ht.isPresent() && ByteShapes.sameBytes(gt.get(), ht.get())) {
      return new Translate();  // the kernel reads the guest's own bytes: they mean the same
    }
    return new Refused("points to '" + guest.target().spelling() + "', whose layout differs between the ABIs, and has no"
        + " 'count'; write 'count: 1' to convert the one element it points to, or 'opaque: true' to hand the kernel the"
        + " translated address as it is");
  }

  /** What one counted element is: the target, or a byte for {@code void}. */
  private static Optional<CType> element(CType.Pointer pointer) {
    return pointer.target().isVoid() ? Optional.of(BYTE) : pointer.target().type();
  }
}
