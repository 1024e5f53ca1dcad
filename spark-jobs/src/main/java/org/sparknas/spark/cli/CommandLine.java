package org.sparknas.spark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.DidYouMean;
import org.sparknas.spark.session.SparkSessions;

/**
 * The parsed command line: {@code <command> [--config URI] [--set key=value ...] [--master URL]
 * [--name value ...]}. Each command takes the options of {@link #OPTIONS}; any other option is an
 * error naming it (so a misspelt {@code --mastr} is not silently ignored). {@code --set} may repeat.
 */
public record CommandLine(String command, String config, Map<String, String> overrides, String master,
    Map<String, String> options) {

  private static final List<String> JOB = List.of("config", "set", "master");

  /** The commands and the options (without {@code --}) each one reads. */
  static final Map<String, List<String>> OPTIONS = Map.ofEntries(
      Map.entry("search", JOB), Map.entry("quickstart", JOB), Map.entry("compare", JOB), Map.entry("rank", JOB),
      Map.entry("retrain", JOB), Map.entry("quality", JOB),
      Map.entry("predict", List.of("model", "data", "output", "format", "split", "batch", "master")),
      Map.entry("backend", List.of("config", "set")),
      Map.entry("bench supernet", List.of("space", "C", "cells", "stages", "batch", "threads", "iters", "warmup", "peer")),
      Map.entry("bench eval", List.of("space", "C", "cells", "stages", "candidates", "images", "repeats", "batch", "seed")),
      Map.entry("bench gm", List.of("config", "set")));

  private static final String COMMANDS =
      "search, quickstart, compare, rank, retrain, predict, quality, backend, bench supernet|eval|gm";

  public static CommandLine parse(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      throw new ConfigException("command", "missing; expected one of " + COMMANDS + " (see --help)");
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
    List<String> accepted = OPTIONS.get(command);
    if (accepted == null) {
      throw new ConfigException("command", "unknown command '" + command + "'" + DidYouMean.hint(command,
          OPTIONS.keySet()) + "; expected one of " + COMMANDS + " (see --help)");
    }
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (!a.startsWith("--")) {
        throw new ConfigException(a, "unexpected argument; options are --name value");
      }
      if (!accepted.contains(a.substring(2))) {
        throw new ConfigException(a, "unknown option of " + command + DidYouMean.hint(a,
            accepted.stream().map(o -> "--" + o).toList()) + "; it takes "
            + String.join(", ", accepted.stream().map(o -> "--" + o).toList()));
      }
      if (i + 1 >= rest.size()) {
        throw new ConfigException(a, "needs a value");
      }
      String value = rest.get(++i);
      switch (a) {
        case "--config" -> config = value;
        case "--master" -> {
          SparkSessions.requireValidMaster(value);
          master = value;
        }
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
