package org.sparknas.core.config;

import java.util.List;

import com.typesafe.config.Config;

/**
 * Typed, range-checked reads of a resolved config. Each failure is a {@link ConfigException} that
 * names the full key, so one message wording is used everywhere.
 */
public final class Settings {
  private final Config config;

  public Settings(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  public int intIn(String key, int min, int max) {
    requireWhole(key);
    int v;
    try {
      v = config.getInt(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected an integer, " + describe(key));
    }
    if (v < min || v > max) {
      throw new ConfigException(key, "must be in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }

  public long getLong(String key) {
    requireWhole(key);
    try {
      return config.getLong(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected an integer, " + describe(key));
    }
  }

  public double doubleIn(String key, double min, double max) {
    double v;
    try {
      v = config.getDouble(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected a number, " + describe(key));
    }
    if (!(v >= min && v <= max)) {
      throw new ConfigException(key, "must be in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }

  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected true or false, " + describe(key));
    }
  }

  public String string(String key) {
    try {
      return config.getString(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected a string, " + describe(key));
    }
  }

  public String oneOf(String key, List<String> allowed) {
    String v = string(key);
    if (!allowed.contains(v)) {
      throw new ConfigException(key, "unknown value '" + v + "', expected one of " + allowed);
    }
    return v;
  }

  /** A non-empty list of strings ({@code [a, b]}). */
  public List<String> stringList(String key) {
    List<String> v;
    try {
      v = config.getStringList(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected a list of strings, " + describe(key));
    }
    if (v.isEmpty()) {
      throw new ConfigException(key, "must not be empty");
    }
    return List.copyOf(v);
  }

  /** A non-empty list of integers ({@code [1, 2]}). */
  public List<Long> longList(String key) {
    requireWhole(key);
    List<Long> v;
    try {
      v = config.getLongList(key);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected a list of integers, " + describe(key));
    }
    if (v.isEmpty()) {
      throw new ConfigException(key, "must not be empty");
    }
    return List.copyOf(v);
  }

  /** A list of integers ({@code [30, 100]}), possibly empty. */
  public List<Integer> intList(String key) {
    requireWhole(key);
    try {
      return List.copyOf(config.getIntList(key));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(key, "expected a list of integers, " + describe(key));
    }
  }

  /**
   * Typesafe Config reads {@code 2.5} as the integer 2; a count or an epoch must not be rounded
   * silently, so a number (or list element) with a fractional part is an error.
   */
  private void requireWhole(String key) {
    if (!config.hasPath(key)) {
      return;
    }
    Object v = config.getValue(key).unwrapped();
    for (Object e : v instanceof List<?> list ? list : List.of(v)) {
      if (e instanceof Double d && d != Math.rint(d)) {
        throw new ConfigException(key, "expected a whole number, " + describe(key));
      }
    }
  }

  private String describe(String key) {
    if (!config.hasPath(key)) {
      return "but it is missing";
    }
    return "got " + config.getValue(key).valueType().name().toLowerCase() + " "
        + config.getValue(key).render() + " (" + config.getValue(key).origin().description() + ")";
  }
}
