package dev.compat32.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Guest lengths never wrap into small plausible ones. */
class CountsTest {
  @Test
  void saturatesInsteadOfWrapping() {
    assertThat(Counts.mul(1L << 40, 1L << 40)).isEqualTo(Long.MAX_VALUE);
    assertThat(Counts.mul(-(1L << 40), 1L << 40)).isEqualTo(Long.MIN_VALUE);
    assertThat(Counts.add(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(Counts.sub(Long.MIN_VALUE, 1)).isEqualTo(Long.MIN_VALUE);
    assertThat(Counts.div(5, 0)).isZero();
    assertThat(Counts.bytes(-3, 40)).isZero();
  }

  @Test
  void aRescaledByteCountStaysInItsTypeAndKeepsItsSign() {
    // SIOCGIFCONF: ifc_len counts 32-byte i386 ifreqs, rescaled to 40-byte x86_64 ones, in an int
    assertThat(Counts.rescale(64, 32, 40, 4)).isEqualTo(80);
    assertThat(Counts.rescale(Integer.MIN_VALUE, 32, 40, 4)).isEqualTo(Integer.MIN_VALUE);
    assertThat(Counts.rescale(-1717986920, 32, 40, 4)).isNegative();
    assertThat(Counts.rescale(0x7fffffff, 32, 40, 4)).isEqualTo(Integer.MAX_VALUE);
  }

  @Property
  void productsAreExactOrSaturated(@ForAll long a, @ForAll long b) {
    long r = Counts.mul(a, b);
    java.math.BigInteger exact = java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b));
    long expected = exact.bitLength() < 64 ? exact.longValue() : exact.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    assertThat(r).isEqualTo(expected);
  }
}
