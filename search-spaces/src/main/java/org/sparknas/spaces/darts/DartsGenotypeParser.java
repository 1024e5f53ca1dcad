package org.sparknas.spaces.darts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.space.InvalidArchitectureException;
import org.sparknas.spaces.darts.DartsGenotype.Gene;

/**
 * Recursive-descent reader of the Python genotype text, for {@link DartsGenotype#parse}. Grammar
 * (whitespace allowed between any two tokens, trailing commas allowed in lists and tuples):
 * <pre>
 * genotype := 'Genotype' '(' field (',' field)* ')'
 * field    := ('normal' | 'reduce') '=' '[' gene (',' gene)* ']'
 *           | ('normal_concat' | 'reduce_concat') '=' ( '[' int (',' int)* ']' | 'range' '(' int [',' int] ')' )
 * gene     := '(' string ',' int ')'          string: 'name' or "name"
 * </pre>
 */
final class DartsGenotypeParser {

  private static final List<String> FIELDS = List.of("normal", "normal_concat", "reduce", "reduce_concat");

  private final String text;
  private final List<String> ops;
  private int pos;

  DartsGenotypeParser(String text, List<String> ops) {
    if (text == null) {
      throw new InvalidArchitectureException("DARTS genotype string is null");
    }
    this.text = text;
    this.ops = ops;
  }

  DartsGenotype parse() {
    expectWord("Genotype");
    expect('(');
    Map<String, Object> fields = new LinkedHashMap<>();
    while (peek() != ')') {
      int at = skipWhitespace();
      String name = identifier();
      if (!FIELDS.contains(name)) {
        pos = at;
        throw error("unknown field '" + name + "', expected one of " + FIELDS);
      }
      if (fields.containsKey(name)) {
        pos = at;
        throw error("field '" + name + "' given twice");
      }
      expect('=');
      fields.put(name, name.endsWith("_concat") ? concat() : genes());
      if (peek() == ',') {
        pos++;
      } else if (peek() != ')') {
        throw error("expected ',' or ')' after field '" + name + "'");
      }
    }
    pos++;
    skipWhitespace();
    if (pos < text.length()) {
      throw error("unexpected text after the closing ')'");
    }
    List<String> missing = FIELDS.stream().filter(f -> !fields.containsKey(f)).toList();
    if (!missing.isEmpty()) {
      throw new InvalidArchitectureException("genotype lacks field(s) " + missing + ": '" + text + "'");
    }
    @SuppressWarnings("unchecked")
    DartsGenotype g = new DartsGenotype((List<Gene>) fields.get("normal"), (List<Integer>) fields.get("normal_concat"),
        (List<Gene>) fields.get("reduce"), (List<Integer>) fields.get("reduce_concat"), ops);
    return g;
  }

  private List<Gene> genes() {
    expect('[');
    List<Gene> genes = new ArrayList<>();
    while (peek() != ']') {
      expect('(');
      String op = string();
      expect(',');
      int input = integer();
      if (peek() == ',') {
        pos++;
      }
      expect(')');
      genes.add(new Gene(op, input));
      if (peek() == ',') {
        pos++;
      } else if (peek() != ']') {
        throw error("expected ',' or ']' after a gene");
      }
    }
    pos++;
    return genes;
  }

  private List<Integer> concat() {
    if (peek() == '[') {
      pos++;
      List<Integer> values = new ArrayList<>();
      while (peek() != ']') {
        values.add(integer());
        if (peek() == ',') {
          pos++;
        } else if (peek() != ']') {
          throw error("expected ',' or ']' in a concat list");
        }
      }
      pos++;
      return values;
    }
    expectWord("range");
    expect('(');
    int start = integer();
    int end;
    if (peek() == ',') {
      pos++;
      end = integer();
    } else {
      end = start;
      start = 0;
    }
    expect(')');
    List<Integer> values = new ArrayList<>();
    for (int i = start; i < end; i++) {
      values.add(i);
    }
    return values;
  }

  private String string() {
    char quote = peek();
    if (quote != '\'' && quote != '"') {
      throw error("expected a quoted op name");
    }
    int start = ++pos;
    int end = text.indexOf(quote, start);
    if (end < 0) {
      pos = start - 1;
      throw error("unterminated op name");
    }
    pos = end + 1;
    return text.substring(start, end);
  }

  private int integer() {
    skipWhitespace();
    int start = pos;
    if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    String digits = text.substring(start, pos);
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("expected an integer");
    }
  }

  private String identifier() {
    skipWhitespace();
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a field name");
    }
    return text.substring(start, pos);
  }

  private void expectWord(String word) {
    int at = skipWhitespace();
    String got = pos < text.length() && Character.isLetter(text.charAt(pos)) ? identifier() : "";
    if (!got.equals(word)) {
      pos = at;
      throw error("expected '" + word + "'");
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** The next non-whitespace character (skipping to it), or 0 at the end. */
  private char peek() {
    skipWhitespace();
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private int skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private InvalidArchitectureException error(String what) {
    String found = pos >= text.length() ? "end of text"
        : "'" + text.substring(pos, Math.min(text.length(), pos + 20)) + "'";
    return new InvalidArchitectureException(what + " at position " + pos + ", found " + found + ", in genotype '"
        + text + "'");
  }
}
