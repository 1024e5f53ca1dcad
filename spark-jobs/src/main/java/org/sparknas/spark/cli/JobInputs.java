package org.sparknas.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.strategy.MetricsSink;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spaces.Spaces;
import org.sparknas.spark.session.HadoopConfs;

/**
 * What every job command starts from: the loaded data and the space built for its image shape, and
 * the sink that logs metric rows and appends them to the run's {@code metrics.jsonl}.
 */
record JobInputs(DataSource data, SearchSpace space) {
  private static final Logger LOG = LoggerFactory.getLogger(JobInputs.class);

  static JobInputs load(NasConfig job, SpaceSettings spaceSettings) {
    DataSource data = Datasets.load(job.data(), HadoopConfs.current());
    ImageDataset train = data.search().train();
    SearchSpace space = Spaces.create(spaceSettings,
        new long[] {train.channels(), train.height(), train.width()}, train.numClasses());
    LOG.info("data: {} weight-training and {} architecture-validation images of {}x{}x{}, {} classes",
        train.size(), data.search().valid().size(), train.channels(), train.height(), train.width(),
        train.numClasses());
    return new JobInputs(data, space);
  }

  static MetricsSink metricsSink(RunDirectory dir) {
    return row -> {
      LOG.info("metrics {}", summarise(row));
      try {
        dir.appendJsonLine("metrics.jsonl", row);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write metrics.jsonl in " + dir.uri(), e);
      }
    };
  }

  /** A short log form of a metrics row (no matrices). */
  static String summarise(Map<String, Object> row) {
    Map<String, Object> m = new LinkedHashMap<>(row);
    m.remove("alphas");
    return m.toString();
  }
}
