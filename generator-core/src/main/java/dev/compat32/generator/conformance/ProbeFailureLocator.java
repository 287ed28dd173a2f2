package dev.compat32.generator.conformance;

import dev.compat32.generator.diagnostics.Diagnostic;
import dev.compat32.generator.diagnostics.SourceLocation;
import dev.compat32.generator.spec.IoctlSpec;
import dev.compat32.generator.spec.SpecFile;
import dev.compat32.generator.spec.StructSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a probe that did not compile into a spec problem: a header the compiler cannot find is
 * located at its entry in the spec, a struct or ioctl the headers do not declare at the struct or
 * ioctl. The words
 * name no ABI, so that one fault seen by every ABI's compiler is one problem.
 */
final class ProbeFailureLocator {
  // gcc quotes with ‘’ in UTF-8 locales and '' in C
  private static final Pattern MISSING_HEADER = Pattern.compile("fatal error: ([^\\s:]+): No such file or directory");
  private static final Pattern INCOMPLETE = Pattern.compile("incomplete type [‘'`\"]((?:struct|union) [A-Za-z_][A-Za-z0-9_]*)[’'\"]");
  private static final Pattern NO_MEMBER = Pattern.compile("[‘'`\"]((?:struct|union) [A-Za-z_][A-Za-z0-9_]*)[’'\"] has no member named [‘'`\"]([A-Za-z_][A-Za-z0-9_]*)[’'\"]");

  private static final Pattern UNDECLARED = Pattern.compile(
      "(?:[‘'`\"]([A-Za-z_][A-Za-z0-9_]*)[’'\"] undeclared|undeclared identifier [‘'`\"]([A-Za-z_][A-Za-z0-9_]*)[’'\"])");

  private ProbeFailureLocator() {}

  static Diagnostic locate(SpecFile file, String abi, String compilerOutput, Function<StructSpec, String> cTypeOn) {
    Matcher header = MISSING_HEADER.matcher(compilerOutput);
    if (header.find()) {
      String name = header.group(1);
      return new Diagnostic(textLocation(file, name), "header '" + name + "' not found by the compiler"
          + "; expected a system UAPI header (linux-libc-dev) or one in headerDirectories");
    }
    Matcher incomplete = INCOMPLETE.matcher(compilerOutput);
    if (incomplete.find()) {
      String cType = incomplete.group(1);
      return new Diagnostic(structLocation(file, cType, cTypeOn),
          "'" + cType + "' is not declared by " + file.headers() + "; expected one of them to define it");
    }
    Matcher member = NO_MEMBER.matcher(compilerOutput);
    if (member.find()) {
      return new Diagnostic(structLocation(file, member.group(1), cTypeOn),
          "'" + member.group(1) + "' has no member '" + member.group(2) + "' in " + file.headers());
    }
    Matcher undeclared = UNDECLARED.matcher(compilerOutput);
    while (undeclared.find()) {
      String name = undeclared.group(1) != null ? undeclared.group(1) : undeclared.group(2);
      Optional<IoctlSpec> ioctl = file.ioctls().stream().filter(i -> i.name().equals(name)).findFirst();
      if (ioctl.isPresent()) {
        return new Diagnostic(ioctl.get().location(), "ioctl '" + name + "' is not defined by " + file.headers()
            + "; expected one of them to #define it");
      }
    }
    String first = compilerOutput.lines().filter(l -> l.contains("error")).findFirst().orElse(compilerOutput.strip());
    return new Diagnostic(SourceLocation.ofFile(file.path()), "the " + abi + " probe did not compile: " + first);
  }

  private static SourceLocation structLocation(SpecFile file, String cType, Function<StructSpec, String> cTypeOn) {
    return file.structs().stream().filter(s -> cTypeOn.apply(s).equals(cType)).findFirst().map(StructSpec::location)
        .orElse(SourceLocation.ofFile(file.path()));
  }

  /** Where {@code text} first appears in the spec file (a header is written once, in {@code headers}). */
  private static SourceLocation textLocation(SpecFile file, String text) {
    try {
      List<String> lines = Files.readAllLines(file.path(), StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        int column = lines.get(i).indexOf(text);
        if (column >= 0 && !lines.get(i).stripLeading().startsWith("#")) {
          return new SourceLocation(file.path(), i + 1, column + 1);
        }
      }
    } catch (IOException e) {
      // the file is gone or unreadable: the file alone still says where
    }
    return SourceLocation.ofFile(file.path());
  }
}
