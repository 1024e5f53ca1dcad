package org.sparknas.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The type of a {@link Table} column: a scalar, a list of a type, or a map from string to a type. It
 * turns a value as Jackson reads it from JSON (String, Number, Boolean, List, Map; a non-finite double
 * as the string {@code "NaN"}) into the Java value a table writer expects: String, Long, Double, Boolean,
 * {@code List}, {@code Map<String, ?>}; {@code null} stays {@code null}.
 */
public sealed interface ColumnType {

  /** {@code value} as this type; fails when it is of another shape. */
  Object of(Object value);

  ColumnType STRING = Scalar.STRING;
  ColumnType LONG = Scalar.LONG;
  ColumnType DOUBLE = Scalar.DOUBLE;
  ColumnType BOOLEAN = Scalar.BOOLEAN;

  static ColumnType listOf(ColumnType element) {
    return new ListOf(element);
  }

  static ColumnType mapOf(ColumnType value) {
    return new MapOf(value);
  }

  enum Scalar implements ColumnType {
    STRING, LONG, DOUBLE, BOOLEAN;

    @Override
    public Object of(Object v) {
      if (v == null) {
        return null;
      }
      return switch (this) {
        case STRING -> v instanceof String s ? s : fail(v);
        case LONG -> v instanceof Number n && isWhole(n) ? (Object) n.longValue() : fail(v);
        case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue()
            : v instanceof String s && isNonFinite(s) ? Double.valueOf(s) : fail(v);
        case BOOLEAN -> v instanceof Boolean b ? b : fail(v);
      };
    }

    private static boolean isWhole(Number n) {
      return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
          || n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 0x1p53;
    }

    private static boolean isNonFinite(String s) {
      return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    private Object fail(Object v) {
      throw new IllegalArgumentException("not a " + name().toLowerCase() + ": " + v + " (" + v.getClass().getSimpleName()
          + ")");
    }
  }

  /** A list; Spark writes it as an array column. */
  record ListOf(ColumnType element) implements ColumnType {
    @Override
    public Object of(Object v) {
      if (v == null) {
        return null;
      }
      if (!(v instanceof List<?> list)) {
        throw new IllegalArgumentException("not a list: " + v);
      }
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(e -> out.add(element.of(e)));
      return out;
    }
  }

  /** A map with string keys; Spark writes it as a map column. */
  record MapOf(ColumnType value) implements ColumnType {
    @Override
    public Object of(Object v) {
      if (v == null) {
        return null;
      }
      if (!(v instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("not a map: " + v);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, e) -> out.put(String.valueOf(k), value.of(e)));
      return out;
    }
  }
}
