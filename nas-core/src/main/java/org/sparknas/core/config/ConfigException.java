package org.sparknas.core.config;

/** A job configuration error; the message names the full dotted key and what was wrong with it. */
public class ConfigException extends IllegalArgumentException {
  private final String key;

  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  /** The full dotted key, e.g. {@code nas.train.epochs}. */
  public String key() {
    return key;
  }
}
