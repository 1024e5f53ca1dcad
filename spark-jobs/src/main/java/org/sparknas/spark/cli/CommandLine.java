package org.sparknas.spark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.config.ConfigException;

/**
 * The parsed command line: {@code <command> [--config URI] [--set key=value ...] [--master URL]
 * [--name value ...]}. Unknown {@code --name value} options are kept for the command (the bench
 * commands use them); {@code --set} may repeat.
 */
public record CommandLine(String command, String config, Map<String, String> overrides, String master,
    Map<String, String> options) {

  public static CommandLine parse(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new ConfigException("command", "missing; expected one of search, quickstart, compare, rank, bench (see --help)");
    }
    String config = null;
    String master = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    Map<String, String> options = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    String command = args[0];
    if (command.equals("bench") && !rest.isEmpty() && !rest.get(0).startsWith("-")) {
      command = "bench " + rest.remove(0);
    }
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (!a.startsWith("--")) {
        throw new ConfigException(a, "unexpected argument; options are --name value");
      }
      if (i + 1 >= rest.size()) {
        throw new ConfigException(a, "needs a value");
      }
      String value = rest.get(++i);
      switch (a) {
        case "--config" -> config = value;
        case "--master" -> master = value;
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new ConfigException("--set", "expected key=value, got '" + value + "'");
          }
          overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
        }
        default -> options.put(a.substring(2), value);
      }
    }
    return new CommandLine(command, config, overrides, master, options);
  }

  public int intOption(String name, int fallback) {
    String v = options.get(name);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException("--" + name, "expected an integer, got '" + v + "'");
    }
  }

  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }
}
