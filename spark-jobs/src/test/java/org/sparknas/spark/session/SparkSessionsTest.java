package org.sparknas.spark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.sparknas.spark.kryo.NasKryoRegistrator;

@DisplayName("SparkSessions defaults and spark.nas.* pass-through")
class SparkSessionsTest {

  @Test
  @DisplayName("no master anywhere: local[*], Kryo with our registrator, loopback driver, OMP = task cpus")
  void defaults() {
    SparkConf conf = SparkSessions.configure(new SparkConf(false), null);
    assertEquals("local[*]", conf.get("spark.master"));
    assertEquals("org.apache.spark.serializer.KryoSerializer", conf.get("spark.serializer"));
    assertEquals(NasKryoRegistrator.class.getName(), conf.get("spark.kryo.registrator"));
    assertEquals("127.0.0.1", conf.get("spark.driver.host"));
    assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
    assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
  }

  @Test
  @DisplayName("application name: SparkNAS <method> <run id> unless the user named the application")
  void appName() {
    String run = "rsps rsps-20261204-192134-799f";
    assertEquals("SparkNAS " + run, SparkSessions.appName(new SparkConf(false), run));
    // spark-submit's fallback (the main class) and the old properties files' name are no names of the user's
    assertEquals("SparkNAS " + run, SparkSessions.appName(new SparkConf(false)
        .set("spark.app.name", "org.sparknas.spark.NasMain"), run));
    assertEquals("SparkNAS " + run, SparkSessions.appName(new SparkConf(false).set("spark.app.name", "SparkNAS"), run));
    assertEquals("nightly", SparkSessions.appName(new SparkConf(false).set("spark.app.name", "nightly"), run));
  }

  @Test
  @DisplayName("spark-submit's master is kept, --master overrides it, user settings win over defaults")
  void precedence() {
    SparkConf submitted = new SparkConf(false).setMaster("spark://10.0.0.1:7077")
        .set("spark.task.cpus", "2")
        .set("spark.kryo.registrator", "com.example.Theirs")
        .set("spark.kryo.registrationRequired", "true");
    SparkSessions.configure(submitted, null);
    assertEquals("spark://10.0.0.1:7077", submitted.get("spark.master"));
    assertFalse(submitted.contains("spark.driver.host"), "cluster mode must not pin the driver to loopback");
    assertEquals("2", submitted.get("spark.executorEnv.OMP_NUM_THREADS"));
    assertEquals("com.example.Theirs," + NasKryoRegistrator.class.getName(), submitted.get("spark.kryo.registrator"));
    assertEquals("true", submitted.get("spark.kryo.registrationRequired"));

    SparkConf overridden = SparkSessions.configure(new SparkConf(false).setMaster("yarn"), "local[2]");
    assertEquals("local[2]", overridden.get("spark.master"));
    assertEquals("127.0.0.1", overridden.get("spark.driver.host"));
  }

  @Test
  @DisplayName("spark.nas.<key>=v becomes nas.<key>=v; other keys are ignored; a bare prefix is refused")
  void passThrough() {
    SparkConf conf = new SparkConf(false)
        .set("spark.master", "local[2]")
        .set("spark.nas.train.epochs", "3")
        .set("spark.nas.space.name", "nb201")
        .set("spark.nas.output", "hdfs:///nas/runs")
        .set("spark.nasty", "x");
    assertEquals(Map.of("nas.train.epochs", "3", "nas.space.name", "nb201", "nas.output", "hdfs:///nas/runs"),
        NasOverrides.fromSparkConf(conf));
    assertEquals(Map.of(), NasOverrides.fromSparkConf(new SparkConf(false)));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NasOverrides.fromSparkConf(new SparkConf(false).set("spark.nas.train..epochs", "3")));
    assertTrue(e.getMessage().contains("spark.nas.train..epochs"), e.getMessage());
  }

  @Test
  @DisplayName("a running session on another master is refused; after stop() a fresh one on the new master starts")
  void sessionsInSequence() {
    SparkSession one = SparkSessions.getOrCreate("local[1]", Map.of("spark.ui.enabled", "false"));
    try {
      assertEquals("local[1]", one.sparkContext().master());
      assertSame(one, SparkSessions.getOrCreate("local[1]", Map.of()));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> SparkSessions.getOrCreate("local[2]", Map.of()));
      assertTrue(e.getMessage().contains("local[2]") && e.getMessage().contains("local[1]"), e.getMessage());
    } finally {
      one.stop();
    }
    SparkSession two = SparkSessions.getOrCreate("local[2]", Map.of("spark.ui.enabled", "false"));
    try {
      assertNotSame(one, two);
      assertFalse(two.sparkContext().isStopped());
      assertEquals("local[2]", two.sparkContext().master());
      assertEquals(2L, SparkSessions.javaContext(two).parallelize(java.util.List.of(1, 2), 2).count());
    } finally {
      two.stop();
    }
  }
}
