package org.sparknas.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.core.strategy.Strategies;
import org.sparknas.core.strategy.darts.DartsSearch;
import org.sparknas.core.strategy.rsps.RspsSearch;

import com.typesafe.config.Config;

/**
 * The job config contract (DESIGN.md §4): defaults, {@code --set} overrides, and bad input failing with
 * a {@link ConfigException} whose key and message name what was wrong, before any work starts.
 */
class JobConfigTest {

  @TempDir
  Path dir;

  private static NasConfig job(Map<String, String> overrides) {
    return NasConfig.from(ConfigLoader.load(null, overrides), Strategies::check);
  }

  private static ConfigException rejected(Map<String, String> overrides) {
    return assertThrows(ConfigException.class, () -> job(overrides));
  }

  private Path file(String text) throws IOException {
    Path f = dir.resolve("job.conf");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  @DisplayName("defaults load and give the documented DARTS-on-nb201 settings")
  void defaults() {
    NasConfig job = job(Map.of());
    assertEquals(DartsSearch.NAME, job.method());
    assertEquals(2, job.seed());
    assertEquals("runs", job.output());
    assertEquals("", job.runId());
    assertEquals(50, job.train().epochs());
    assertEquals(64, job.train().batchSize());
    assertEquals(0.025, job.train().lr());
    assertEquals(3e-4, job.train().weightDecay());
    assertEquals("fashion-mnist", job.data().format());
    assertEquals(0.5, job.data().portion());
    assertEquals("nb201", job.settings().string("nas.space.name"));
    assertTrue(job.render().contains("nas {"), job.render());
  }

  @Test
  @DisplayName("--set overrides work with and without the nas. prefix and beat the config file")
  void overrides() throws IOException {
    Path f = file("nas { method = rsps, seed = 11, train { epochs = 7, lr = 0.1 } }");
    Map<String, String> set = new LinkedHashMap<>();
    set.put("nas.train.epochs", "3");
    set.put("train.batch-size", "16");
    set.put("rsps.candidates", "5");
    set.put("output", "/tmp/some where/runs");
    NasConfig job = NasConfig.from(ConfigLoader.load(f.toString(), set), Strategies::check);
    assertEquals(RspsSearch.NAME, job.method());
    assertEquals(11, job.seed());
    assertEquals(3, job.train().epochs(), "--set beats the file");
    assertEquals(16, job.train().batchSize());
    assertEquals(0.1, job.train().lr(), "the file beats the defaults");
    assertEquals(0.001, job.train().lrMin(), "untouched keys keep their defaults");
    assertEquals(5, job.settings().intIn("nas.rsps.candidates", 1, 100));
    assertEquals("/tmp/some where/runs", job.output());
  }

  @Test
  @DisplayName("an override value with characters HOCON does not take unquoted is kept as a string")
  void uriOverride() {
    NasConfig job = job(Map.of("nas.output", "hdfs://namenode:9000/nas/runs", "data.path", "file:///data/fmnist"));
    assertEquals("hdfs://namenode:9000/nas/runs", job.output());
    assertEquals("file:///data/fmnist", job.data().path());
  }

  @Test
  @DisplayName("the resolved config renders to HOCON that loads back to the same settings")
  void renderRoundTrip() throws IOException {
    NasConfig job = job(Map.of("train.epochs", "4", "method", "rsps"));
    Config back = ConfigLoader.load(file(job.render()).toString(), Map.of());
    assertEquals(job.settings().config().getConfig("nas").root().unwrapped(), back.getConfig("nas").root().unwrapped());
  }

  @Test
  @DisplayName("unknown key: the error names it and suggests the close valid key")
  void unknownKeySuggestion() {
    ConfigException e = rejected(Map.of("nas.train.epoch", "3"));
    assertEquals("nas.train.epoch", e.key());
    assertTrue(e.getMessage().contains("nas.train.epoch:"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean nas.train.epochs?"), e.getMessage());
    ConfigException unprefixed = rejected(Map.of("darts.arch_lr", "0.1"));
    assertEquals("nas.darts.arch_lr", unprefixed.key());
    assertTrue(unprefixed.getMessage().contains("did you mean nas.darts.arch-lr?"), unprefixed.getMessage());
  }

  @Test
  @DisplayName("unknown key far from every valid key: named, without a misleading suggestion")
  void unknownKeyNoSuggestion() {
    ConfigException e = rejected(Map.of("nas.completely.different", "1"));
    assertEquals("nas.completely.different", e.key());
    assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
  }

  @Test
  @DisplayName("unknown key in a config file is rejected too, and so is a key outside the nas root")
  void unknownKeyInFile() throws IOException {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(file("nas { data { portoin = 0.3 } }").toString(), Map.of()));
    assertEquals("nas.data.portoin", e.key());
    assertTrue(e.getMessage().contains("did you mean nas.data.portion?"), e.getMessage());
    ConfigException outside = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(file("train { epochs = 3 }").toString(), Map.of()));
    assertEquals("train.epochs", outside.key());
  }

  @Test
  @DisplayName("wrong type: epochs = \"ten\" names the key and the value seen")
  void wrongType() throws IOException {
    ConfigException e = assertThrows(ConfigException.class,
        () -> NasConfig.from(ConfigLoader.load(file("nas.train.epochs = \"ten\"").toString(), Map.of()),
            Strategies::check));
    assertEquals("nas.train.epochs", e.key());
    assertTrue(e.getMessage().startsWith("nas.train.epochs: expected an integer"), e.getMessage());
    assertTrue(e.getMessage().contains("ten"), e.getMessage());
    ConfigException viaSet = rejected(Map.of("train.nesterov", "sometimes"));
    assertEquals("nas.train.nesterov", viaSet.key());
    assertTrue(viaSet.getMessage().contains("expected true or false"), viaSet.getMessage());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @DisplayName("out of range values name the key and the value")
  @CsvSource({
      "nas.train.epochs, 0",
      "nas.train.batch-size, -4",
      "nas.data.portion, 1.5",
      "nas.data.portion, 0",
      "nas.darts.order, 3",
      "nas.train.momentum, 1.2",
      "nas.data.synthetic.classes, 9",
  })
  void outOfRange(String key, String value) {
    ConfigException e = rejected(Map.of(key, value));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @DisplayName("a count with a fraction is refused, not rounded (Typesafe Config would read 2.5 as 2)")
  @CsvSource(delimiter = ';', value = {
      "nas.train.epochs; 2.5",
      "nas.seed; 1.5",
      "nas.fewshot.split-epochs; [15, 30.5]",
  })
  void fractionalCount(String key, String value) {
    ConfigException e = rejected(Map.of(key, value));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains("whole number") && e.getMessage().contains(value.replace("[", "").split(",")[0]),
        e.getMessage());
  }

  @Test
  @DisplayName("a whole number written with a decimal point is still that number")
  void integralDecimal() {
    assertEquals(3, job(Map.of("nas.train.epochs", "3.0")).train().epochs());
  }

  @Test
  @DisplayName("the rsps block is checked when the method is rsps")
  void rspsRange() {
    ConfigException e = rejected(Map.of("method", "rsps", "rsps.candidates", "0"));
    assertEquals("nas.rsps.candidates", e.key());
  }

  @Test
  @DisplayName("every method's block is checked, also when another method runs")
  void otherMethodsBlockChecked() {
    assertEquals("nas.darts.order", rejected(Map.of("method", "rsps", "darts.order", "3")).key());
    assertEquals("nas.rsps.candidates", rejected(Map.of("method", "darts", "rsps.candidates", "0")).key());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @DisplayName("unknown method or data format names the key and lists the valid values")
  @CsvSource({
      "nas.method, enas, '[darts, rsps, snas, sddarts, fewshot-gm, bossnas]'",
      "nas.data.format, mnist, '[fashion-mnist, cifar10, synthetic]'",
  })
  void unknownName(String key, String value, String valid) {
    ConfigException e = rejected(Map.of(key, value));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(valid), e.getMessage());
  }

  @Test
  @DisplayName("a missing config file is an error naming the file")
  void missingFile() {
    String missing = dir.resolve("nope/job.conf").toString();
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));
    assertEquals("--config", e.key());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
    assertTrue(e.getMessage().contains(missing), e.getMessage());
  }

  @Test
  @DisplayName("a config file with a syntax error is an error naming the file")
  void unparsableFile() throws IOException {
    Path f = file("nas { train { epochs = 3 }");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f.toString(), Map.of()));
    assertEquals("--config", e.key());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  @DisplayName("a value where the defaults have a block, or a block where they have a value, names the key")
  void shapeMismatch() {
    ConfigException leafForBlock = assertThrows(ConfigException.class,
        () -> job(Map.of("nas.data.augment", "true")));
    assertEquals("nas.data.augment", leafForBlock.key(), leafForBlock.getMessage());
    assertTrue(leafForBlock.getMessage().contains("[crop, flip, padding]"), leafForBlock.getMessage());
    ConfigException blockForLeaf = assertThrows(ConfigException.class,
        () -> job(Map.of("nas.train.epochs.max", "3")));
    assertTrue(blockForLeaf.key().startsWith("nas.train.epochs"), blockForLeaf.getMessage());
  }
}
