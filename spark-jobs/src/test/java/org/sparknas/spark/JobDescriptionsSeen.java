package org.sparknas.spark;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Records the description of every Spark job started in this JVM, in start order; tests install it
 * through {@code spark.extraListeners} and clear {@link #SEEN} first.
 */
public final class JobDescriptionsSeen extends SparkListener {
  public static final List<String> SEEN = new CopyOnWriteArrayList<>();

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    SEEN.add(String.valueOf(job.properties().getProperty("spark.job.description")));
  }
}
