package dev.compat32.generator.importer;

import java.util.Map;
import java.util.Optional;

/**
 * One imported ioctl: the macro, its class, its number on every measured ABI, its argument type in
 * the spec language (when it has one), and why it is not served (when it is not).
 */
public record ClassifiedIoctl(IoctlMacro macro, IoctlClass kind, Map<String, Long> numbers, Optional<String> arg,
    Optional<String> reason) {}
