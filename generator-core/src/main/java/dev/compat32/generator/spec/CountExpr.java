package dev.compat32.generator.spec;

import dev.compat32.generator.diagnostics.Diagnostics;
import dev.compat32.generator.diagnostics.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A length as the spec writes it: a member of the same struct, a number, or an arithmetic
 * expression of them ({@code width * height}, {@code (n + 1) * 2352}), as Kaitai's {@code size:}.
 * Evaluated with saturating 64-bit arithmetic, so a huge guest value stays huge instead of
 * wrapping to a small one.
 *
 * <pre>
 * expr   := term (('+' | '-') term)*
 * term   := factor (('*' | '/') factor)*
 * factor := NUMBER | MEMBER ('.' MEMBER)* | '(' expr ')'
 * </pre>
 */
public sealed interface CountExpr {
  /** A member of the struct, by its path ({@code hdr.count}). */
  record Ref(String path) implements CountExpr {}

  record Literal(long value) implements CountExpr {}

  record Binary(char op, CountExpr left, CountExpr right) implements CountExpr {}

  /** The member paths it reads, in order of appearance. */
  default List<String> members() {
    List<String> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(CountExpr expr, List<String> out) {
    switch (expr) {
      case Ref ref -> out.add(ref.path());
      case Literal literal -> { }
      case Binary binary -> {
        collect(binary.left(), out);
        collect(binary.right(), out);
      }
    }
  }

  /** The member it is, when it is one member and nothing else. */
  default Optional<String> singleMember() {
    return this instanceof Ref ref ? Optional.of(ref.path()) : Optional.empty();
  }

  /** Parses {@code text}; reports at {@code location} (plus the column of the fault) and returns empty when it is no expression. */
  static Optional<CountExpr> parse(String text, SourceLocation location, Diagnostics diagnostics) {
    Parser parser = new Parser(text);
    try {
      CountExpr expr = parser.expr();
      parser.skipSpaces();
      if (parser.at < text.length()) {
        throw parser.fault("expected an operator (+ - * /) or the end");
      }
      return Optional.of(expr);
    } catch (IllegalArgumentException e) {
      diagnostics.error(new SourceLocation(location.file(), location.line(), location.column() + parser.at),
          "count '" + text + "': " + e.getMessage() + " at column " + (parser.at + 1)
              + "; expected a member, a number, or an expression of them with + - * / and parentheses");
      return Optional.empty();
    }
  }

  /** Recursive descent over the text; {@code at} is where it stopped, for the message. */
  final class Parser {
    private static final int MAX_DEPTH = 64;
    private final String text;
    private int at;
    private int depth;

    private Parser(String text) {
      this.text = text;
    }

    private CountExpr expr() {
      CountExpr left = term();
      for (char c = peek(); c == '+' || c == '-'; c = peek()) {
        at++;
        left = new Binary(c, left, term());
      }
      return left;
    }

    private CountExpr term() {
      CountExpr left = factor();
      for (char c = peek(); c == '*' || c == '/'; c = peek()) {
        at++;
        left = new Binary(c, left, factor());
      }
      return left;
    }

    private CountExpr factor() {
      char c = peek();
      if (c == '(') {
        if (++depth > MAX_DEPTH) {
          throw fault("nested deeper than " + MAX_DEPTH);
        }
        at++;
        CountExpr inner = expr();
        if (peek() != ')') {
          throw fault("expected ')'");
        }
        at++;
        depth--;
        return inner;
      }
      int start = at;
      if (Character.isDigit(c)) {
        while (at < text.length() && Character.isLetterOrDigit(text.charAt(at))) {
          at++;
        }
        String number = text.substring(start, at);
        try {
          return new Literal(number.startsWith("0x") || number.startsWith("0X")
              ? Long.parseLong(number.substring(2), 16) : Long.parseLong(number));
        } catch (NumberFormatException e) {
          at = start;
          throw fault("'" + number + "' is no number that fits 63 bits");
        }
      }
      if (Character.isJavaIdentifierStart(c)) {
        while (at < text.length() && (Character.isJavaIdentifierPart(text.charAt(at)) || text.charAt(at) == '.')) {
          at++;
        }
        return new Ref(text.substring(start, at));
      }
      throw fault(at >= text.length() ? "the expression ends early" : "unexpected '" + c + "'");
    }

    private char peek() {
      skipSpaces();
      return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpaces() {
      while (at < text.length() && text.charAt(at) == ' ') {
        at++;
      }
    }

    private IllegalArgumentException fault(String message) {
      return new IllegalArgumentException(message);
    }
  }
}
