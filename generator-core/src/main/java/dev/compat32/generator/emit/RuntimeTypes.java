package dev.compat32.generator.emit;

import com.palantir.javapoet.ClassName;

/** The runtime classes generated code refers to; the generator does not depend on the runtime. */
final class RuntimeTypes {
  static final String RUNTIME = "dev.compat32.runtime";

  static final ClassName MEMORY_SEGMENT = ClassName.get("java.lang.foreign", "MemorySegment");
  static final ClassName VALUE_LAYOUT = ClassName.get("java.lang.foreign", "ValueLayout");
  static final ClassName NO_ACCESS_PAGE = ClassName.get(RUNTIME + ".memory", "NoAccessPage");
  static final ClassName CONTEXT = ClassName.get(RUNTIME + ".codec", "ConversionContext");
  static final ClassName CONVERSION_EXCEPTION = ClassName.get(RUNTIME + ".codec", "ConversionException");
  static final ClassName STRUCT_CODEC = ClassName.get(RUNTIME + ".codec", "StructCodec");
  static final ClassName NARROW = ClassName.get(RUNTIME + ".codec", "Narrow");
  static final ClassName COUNTS = ClassName.get(RUNTIME + ".codec", "Counts");
  static final ClassName INTEGERS = ClassName.get(RUNTIME + ".codec", "Integers");
  static final ClassName VALUES = ClassName.get(RUNTIME + ".codec", "Values");
  static final ClassName IOCTL_HANDLER = ClassName.get(RUNTIME + ".ioctl", "IoctlHandler");
  static final ClassName HANDLERS = ClassName.get(RUNTIME + ".ioctl", "Handlers");
  static final ClassName IOCTL_TABLE = ClassName.get(RUNTIME + ".ioctl", "IoctlTable");
  static final ClassName IOCTL_ENTRY = ClassName.get(RUNTIME + ".ioctl", "IoctlEntry");
  static final ClassName FD_KIND = ClassName.get(RUNTIME + ".ioctl", "FdKind");

  private RuntimeTypes() {}

  /** The unaligned value layout of an integer of {@code size} bytes (guest structs are only 4-aligned). */
  static String layout(int size) {
    return switch (size) {
      case 1 -> "JAVA_BYTE";
      case 2 -> "JAVA_SHORT_UNALIGNED";
      case 4 -> "JAVA_INT_UNALIGNED";
      case 8 -> "JAVA_LONG_UNALIGNED";
      default -> throw new IllegalArgumentException("no integer of " + size + " bytes");
    };
  }

  /** The Java type {@link #layout} reads. */
  static String javaType(int size) {
    return switch (size) {
      case 1 -> "byte";
      case 2 -> "short";
      case 4 -> "int";
      case 8 -> "long";
      default -> throw new IllegalArgumentException("no integer of " + size + " bytes");
    };
  }

  /** The boxed class whose {@code toUnsignedLong} zero-extends a value of {@code size} bytes. */
  static String unsignedHelper(int size) {
    return switch (size) {
      case 1 -> "Byte";
      case 2 -> "Short";
      case 4 -> "Integer";
      default -> throw new IllegalArgumentException("no zero-extension from " + size + " bytes");
    };
  }
}
