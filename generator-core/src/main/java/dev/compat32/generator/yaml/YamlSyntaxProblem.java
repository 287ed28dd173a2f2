package dev.compat32.generator.yaml;

import dev.compat32.generator.diagnostics.SourceLocation;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error where the parser found it (its problem mark; the exception's own location is
 * the last good token's), said as a spec author would: what is wrong, where the block or bracket
 * at fault began.
 */
record YamlSyntaxProblem(SourceLocation location, String message) {

  static Optional<YamlSyntaxProblem> of(Path file, Throwable cause) {
    if (!(cause instanceof MarkedYAMLException marked) || marked.getProblemMark() == null) {
      return Optional.empty();
    }
    return Optional.of(new YamlSyntaxProblem(at(file, marked.getProblemMark()), describe(file, marked)));
  }

  private static SourceLocation at(Path file, Mark mark) {
    return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String describe(Path file, MarkedYAMLException marked) {
    String problem = marked.getProblem() == null ? "" : marked.getProblem();
    String opened = marked.getContextMark() == null ? ""
        : " opened at " + at(file, marked.getContextMark()).line() + ":" + at(file, marked.getContextMark()).column();
    if (problem.contains("(TAB)")) {
      return "a tab character; YAML indents with spaces only";
    }
    if (problem.startsWith("expected <block end>")) {
      return "this line is not indented like the block" + opened + " (a key indented too little or too much, or a line that is not 'key: value')";
    }
    if (problem.startsWith("expected ',' or ']'")) {
      return "the list" + opened + " is not closed: expected ',' or ']'";
    }
    if (problem.startsWith("expected ',' or '}'")) {
      return "the mapping" + opened + " is not closed: expected ',' or '}'";
    }
    if (problem.startsWith("mapping values are not allowed here")) {
      return "a ':' where a plain value was expected; quote the value if the ':' belongs to it, or start the mapping on its own line";
    }
    if (problem.startsWith("found duplicate anchor") || problem.startsWith("found undefined alias")) {
      return problem;
    }
    return (marked.getContext() == null ? "" : marked.getContext() + ": ") + problem;
  }
}
