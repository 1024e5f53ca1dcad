package org.sparknas.core.config;

import org.sparknas.core.data.Augmentation;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.SyntheticDataset;
import org.sparknas.core.train.TrainSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;

/**
 * A whole job config, read and checked before any work starts: the method's name (its settings blocks
 * are checked by the {@link MethodCheck} the caller passes), seed, output, data and training settings.
 * The space block is read by the search-spaces module, which knows the spaces, and the method's
 * strategy is made from {@link #settings()} by the strategy layer.
 * <pre>{@code
 * NasConfig job = NasConfig.from(ConfigLoader.load(file, overrides), Strategies::check);
 * SearchStrategy s = Strategies.create(job.method(), job.settings());
 * }</pre>
 */
public record NasConfig(Settings settings, String method, long seed, String output, String runId,
    DataSettings data, TrainSettings train) {

  /**
   * The keys that cannot change what a run computes: where it is written, its name, how often it
   * logs. A resumed or resubmitted run may differ in these and in no other key.
   */
  public static final Set<String> RESULT_NEUTRAL = Set.of("nas.output", "nas.run-id", "nas.train.log-every-seconds");

  /** The job config of {@code resolved}; {@code methods} first checks {@code nas.method} and the methods' blocks. */
  public static NasConfig from(Config resolved, MethodCheck methods) {
    Settings s = new Settings(resolved);
    methods.check(s);
    long seed = s.getLong("nas.seed");
    return new NasConfig(s, s.string("nas.method"), seed, s.string("nas.output"), s.string("nas.run-id"),
        data(s, seed), TrainSettings.from(s));
  }

  static DataSettings data(Settings s, long seed) {
    String format = s.oneOf("nas.data.format", Datasets.FORMATS);
    int size = s.intIn("nas.data.synthetic.size", 8, 10_000_000);
    SyntheticDataset synthetic = new SyntheticDataset(size, Math.max(1, size / 4),
        s.intIn("nas.data.synthetic.classes", 2, 8),
        s.intIn("nas.data.synthetic.channels", 1, 64),
        s.intIn("nas.data.synthetic.height", 4, 4096),
        s.intIn("nas.data.synthetic.width", 4, 4096),
        s.doubleIn("nas.data.synthetic.amplitude", 0, 1e6),
        s.doubleIn("nas.data.synthetic.noise", 0, 1e6));
    Augmentation augmentation = new Augmentation(s.bool("nas.data.augment.crop"),
        s.intIn("nas.data.augment.padding", 0, 1024), s.bool("nas.data.augment.flip"));
    double portion = s.doubleIn("nas.data.portion", 0, 1);
    if (portion <= 0 || portion >= 1) {
      throw new ConfigException("nas.data.portion", "must be strictly between 0 and 1, got " + portion);
    }
    return new DataSettings(format, s.string("nas.data.path"), s.intIn("nas.data.subset", 0, Integer.MAX_VALUE), 0,
        portion, s.bool("nas.data.normalize"), augmentation, synthetic, seed);
  }

  /**
   * The resolved {@code nas} block as HOCON, for {@code config.conf}; it loads back as a job config.
   * (A root object renders without its braces, so the block is re-rooted under {@code nas} first.)
   */
  public String render() {
    return settings.config().getConfig("nas").atKey("nas").root()
        .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
  }

  /**
   * The keys whose values differ between this config and {@code earlier}, a run's {@code config.conf}
   * (keys it lacks take today's defaults), apart from {@link #RESULT_NEUTRAL}: each sorted key with
   * {@code was <value>, now <value>}.
   */
  public Map<String, String> changesFrom(String earlier) {
    Config before = ConfigFactory.parseString(earlier).withFallback(ConfigLoader.defaults()).resolve();
    Config now = settings.config();
    Set<String> keys = new TreeSet<>();
    before.getConfig("nas").atKey("nas").entrySet().forEach(e -> keys.add(e.getKey()));
    now.getConfig("nas").atKey("nas").entrySet().forEach(e -> keys.add(e.getKey()));
    Map<String, String> changed = new LinkedHashMap<>();
    for (String key : keys) {
      ConfigValue was = before.hasPath(key) ? before.getValue(key) : null;
      ConfigValue is = now.hasPath(key) ? now.getValue(key) : null;
      if (!RESULT_NEUTRAL.contains(key) && !same(was, is)) {
        changed.put(key, "was " + render(was) + ", now " + render(is));
      }
    }
    return changed;
  }

  /**
   * Refuses, naming the keys, a config other than the one run {@code runId} began with ({@code earlier},
   * its {@code config.conf}; {@code state} says what the run is, e.g. "complete"). Keys under
   * {@code ignoredBlocks} (prefixes such as {@code "nas.retrain."}) may differ.
   */
  public void requireUnchanged(String earlier, String state, String runId, List<String> ignoredBlocks) {
    Map<String, String> changes = changesFrom(earlier);
    changes.keySet().removeIf(key -> ignoredBlocks.stream().anyMatch(key::startsWith));
    if (!changes.isEmpty()) {
      throw new ConfigException(String.join(", ", changes.keySet()), (changes.size() == 1 ? "differs" : "differ")
          + " from the " + state + " run " + runId + " (" + changes.entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; "))
          + "); a resumed or resubmitted run keeps its config: give the values it ran with or another nas.run-id");
    }
  }

  private static String render(ConfigValue v) {
    return v == null ? "(absent)" : v.render(ConfigRenderOptions.concise());
  }

  /** Equal values; numbers by value ({@code 2} and {@code 2.0}, {@code 3e-4} and {@code 0.0003}). */
  private static boolean same(ConfigValue a, ConfigValue b) {
    Object x = a == null ? null : a.unwrapped();
    Object y = b == null ? null : b.unwrapped();
    if (x instanceof Number m && y instanceof Number n) {
      return m.doubleValue() == n.doubleValue();
    }
    return Objects.equals(x, y);
  }
}
