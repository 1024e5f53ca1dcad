package org.sparknas.spark.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.NasConfig;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.train.SearchData;
import org.sparknas.spaces.SpaceSettings;
import org.sparknas.spaces.Spaces;
import org.sparknas.spark.session.HadoopConfs;

/** What every job command starts from: the loaded data and the space built for its image shape. */
record JobInputs(DataSource data, SearchSpace space) {
  private static final Logger LOG = LoggerFactory.getLogger(JobInputs.class);

  static JobInputs load(NasConfig job, SpaceSettings spaceSettings) {
    DataSource data = Datasets.load(job.data(), HadoopConfs.current());
    SearchData.check(data, job.train());
    ImageDataset train = data.search().train();
    SearchSpace space = Spaces.create(spaceSettings,
        new long[] {train.channels(), train.height(), train.width()}, train.numClasses());
    LOG.info("data: {} weight-training and {} architecture-validation images of {}x{}x{}, {} classes",
        train.size(), data.search().valid().size(), train.channels(), train.height(), train.width(),
        train.numClasses());
    return new JobInputs(data, space);
  }
}
