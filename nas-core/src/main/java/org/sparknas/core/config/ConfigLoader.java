package org.sparknas.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * Reads a job config: a HOCON file from any Hadoop URI, then {@code key=value} overrides (from
 * {@code --set} or {@code --conf spark.nas.<key>=<value>}), then the defaults. Every key the user
 * gives must exist in the defaults, so a misspelt key is an error that names it, not a silent default.
 * <pre>{@code
 * Config c = ConfigLoader.load("conf/quickstart.conf", Map.of("nas.train.epochs", "2"));
 * NasConfig job = NasConfig.from(c, Strategies::check);
 * }</pre>
 */
public final class ConfigLoader {
  public static final String DEFAULTS_RESOURCE = "sparknas-defaults.conf";

  private ConfigLoader() {}

  /** The built-in defaults (the reference of every valid key). */
  public static Config defaults() {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /** {@link #load(String, Map, Configuration)} with the Hadoop settings of the classpath's {@code *-site.xml}. */
  public static Config load(String fileUri, Map<String, String> overrides) {
    return load(fileUri, overrides, new Configuration());
  }

  /**
   * @param fileUri a config file (local path or Hadoop URI), or {@code null} for defaults only
   * @param overrides keys with or without the {@code nas.} prefix; values in HOCON syntax
   * @param hadoop the Hadoop settings that locate the file ({@code fs.defaultFS} for {@code hdfs:///...})
   */
  public static Config load(String fileUri, Map<String, String> overrides, Configuration hadoop) {
    Config user = fileUri == null ? ConfigFactory.empty() : parseFile(fileUri, hadoop);
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      user = parseOverride(o.getKey(), o.getValue()).withFallback(user);
    }
    Config defaults = defaults();
    checkKnownKeys(user, defaults);
    try {
      return user.withFallback(defaults).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      // e.g. ${USER} in a path when the environment has no USER
      throw new ConfigException("--config", "cannot resolve " + (fileUri == null ? "the overrides" : fileUri)
          + ": " + e.getMessage());
    }
  }

  /** Parses a file given by path or URI; a missing or unreadable file is a {@link ConfigException} naming it. */
  static Config parseFile(String fileUri, Configuration hadoop) {
    try {
      URI uri = URI.create(fileUri);
      Path path = uri.getScheme() == null ? new Path(new java.io.File(fileUri).getAbsoluteFile().toURI()) : new Path(uri);
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw new ConfigException("--config", "file not found: " + path);
      }
      try (InputStream in = fs.open(path); Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return ConfigFactory.parseReader(r, ConfigParseOptions.defaults().setOriginDescription(path.toString())
            .setSyntax(ConfigSyntax.CONF));
      }
    } catch (IOException e) {
      String hint = fileUri.contains(":///") ? " (a URI without a host takes it from fs.defaultFS: HADOOP_CONF_DIR's"
          + " core-site.xml or --conf spark.hadoop.fs.defaultFS=hdfs://<namenode>:<port>)" : "";
      throw new ConfigException("--config", "cannot read " + fileUri + ": " + e.getMessage() + hint);
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("--config", "cannot parse " + fileUri + ": " + e.getMessage());
    }
  }

  static Config parseOverride(String key, String value) {
    String full = key.startsWith("nas.") ? key : "nas." + key;
    try {
      return ConfigFactory.parseString(full + " = " + value);
    } catch (com.typesafe.config.ConfigException e) {
      // a bare word with characters HOCON does not take unquoted (e.g. a path with ':') is a string
      return ConfigFactory.parseMap(Map.of(full, value));
    }
  }

  /** Every leaf key of {@code user} must be a key of {@code defaults}. */
  static void checkKnownKeys(Config user, Config defaults) {
    List<String> known = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
      known.add(e.getKey());
    }
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("nas.")) {
        throw new ConfigException(key, "unknown key: job settings live under the nas { } root");
      }
      if (!defaults.hasPath(key)) {
        throw new ConfigException(key, "unknown key" + DidYouMean.hint(key, known));
      }
      if (defaults.getValue(key).valueType() == ConfigValueType.OBJECT) {
        throw new ConfigException(key, "is a block with keys " + new java.util.TreeSet<>(defaults.getConfig(key).root().keySet())
            + ", got the value " + e.getValue().render());
      }
    }
  }
}
