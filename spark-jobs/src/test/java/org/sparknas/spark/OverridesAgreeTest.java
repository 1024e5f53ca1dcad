package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.config.NasConfig;
import org.sparknas.spark.cli.CommandLine;

/**
 * A job key given as {@code --set nas.<key>=v} and as the Spark setting {@code spark.nas.<key>=v}
 * (what spark-submit's {@code --conf} becomes: a system property that {@code new SparkConf(true)} reads)
 * resolves to the same config; a bad key through either path is a {@link ConfigException} naming it,
 * thrown before any SparkContext exists.
 */
@DisplayName("--set and spark.nas.* overrides agree; bad keys fail before Spark starts")
class OverridesAgreeTest {

  @TempDir Path tmp;
  private Path conf;

  @BeforeEach
  void conf() throws Exception {
    TinyJobs.assertNoActiveSparkContext();
    conf = TinyJobs.conf(tmp, "job.conf", "rsps", tmp.resolve("runs").toString(), TinyJobs.synthetic(),
        "train.epochs = 2");
  }

  @AfterEach
  void clear() {
    System.clearProperty("spark.nas.train.epochs");
    System.clearProperty("spark.nas.train.epochz");
    System.clearProperty("spark.nas.train..epochs");
  }

  private NasConfig resolve(String... extra) {
    String[] args = new String[3 + extra.length];
    args[0] = "search";
    args[1] = "--config";
    args[2] = conf.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return NasMain.resolve(CommandLine.parse(args));
  }

  @Test
  @DisplayName("--set nas.train.epochs=1 and -Dspark.nas.train.epochs=1 give the same resolved config")
  void samePrecedence() {
    NasConfig plain = resolve();
    NasConfig viaSet = resolve("--set", "nas.train.epochs=1");
    System.setProperty("spark.nas.train.epochs", "1");
    NasConfig viaSpark = resolve();

    assertEquals(2, plain.train().epochs());
    assertEquals(1, viaSet.train().epochs());
    assertEquals(viaSet.render(), viaSpark.render());
    assertNotEquals(plain.render(), viaSpark.render(), "the override must change the resolved config");
    // --set wins over spark.nas.*
    assertEquals(3, resolve("--set", "nas.train.epochs=3").train().epochs());
  }

  private void assertFailsBeforeSpark(String key, String... extra) {
    String[] args = new String[5 + extra.length];
    System.arraycopy(new String[] {"search", "--config", conf.toString(), "--master", "local[1]"}, 0, args, 0, 5);
    System.arraycopy(extra, 0, args, 5, extra.length);
    ConfigException e = assertThrows(ConfigException.class, () -> NasMain.run(args));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains(key), e.getMessage());
    TinyJobs.assertNoActiveSparkContext();
  }

  @Test
  @DisplayName("a misspelt key through --set fails naming it, with no SparkContext created")
  void badKeyViaSet() {
    assertFailsBeforeSpark("nas.train.epochz", "--set", "nas.train.epochz=1");
  }

  @Test
  @DisplayName("a misspelt key through spark.nas.* fails naming it, with no SparkContext created")
  void badKeyViaSparkConf() {
    System.setProperty("spark.nas.train.epochz", "1");
    assertFailsBeforeSpark("nas.train.epochz");
    System.clearProperty("spark.nas.train.epochz");
    System.setProperty("spark.nas.train..epochs", "1");
    assertFailsBeforeSpark("spark.nas.train..epochs");
  }

  @Test
  @DisplayName("a wrong value type through either path fails naming the key")
  void badValue() {
    assertFailsBeforeSpark("nas.train.epochs", "--set", "nas.train.epochs=many");
    System.setProperty("spark.nas.train.epochs", "many");
    assertFailsBeforeSpark("nas.train.epochs");
  }
}
