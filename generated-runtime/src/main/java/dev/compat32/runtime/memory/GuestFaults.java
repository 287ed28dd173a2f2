package dev.compat32.runtime.memory;

import dev.compat32.runtime.codec.ConversionException;

/**
 * The bounds failures of guest memory, made once: a bad guest pointer is a hot error path (a fuzzer,
 * a probing program), and its answer must allocate nothing, like a good one. They carry no address;
 * the caller knows which pointer it asked about.
 */
final class GuestFaults {
  static final ConversionException OUTSIDE = ConversionException.fault("guest range is not guest memory");
  static final ConversionException NOT_GUEST_POINTER = ConversionException.fault("guest pointer is not guest memory");
  static final ConversionException NOT_HOST_OF_GUEST = ConversionException.fault("host address is not in guest memory");

  private GuestFaults() {}
}
