package org.sparknas.core.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.sparknas.core.data.Augmentation;
import org.sparknas.core.data.Batch;
import org.sparknas.core.data.BatchMaker;
import org.sparknas.core.data.BatchSampler;
import org.sparknas.core.data.Cutout;
import org.sparknas.core.data.ImageDataset;
import org.sparknas.core.data.Normalization;
import org.sparknas.core.runtime.Seeds;

/**
 * How a retrain turns training images into DL4J minibatches: each epoch visits the images in a
 * permutation seeded by (seed, epoch), in batches of {@code batchSize} (the last partial batch is
 * dropped); each image is augmented (crop, flip), normalised and cut out with draws seeded by
 * (seed, epoch, image). A batch depends on nothing else, so the driver (local training) and the Spark
 * executors (each making its own batches from the files it read) build identical ones. The labels
 * appear once per graph output (the auxiliary head learns the same labels).
 * <pre>{@code
 * TrainingBatches t = new TrainingBatches(norm, augmentation, new Cutout(16), 96, seed, 2);
 * graph.fit(t.iterator(images, epoch));
 * }</pre>
 */
public record TrainingBatches(Normalization normalization, Augmentation augmentation, Cutout cutout, int batchSize,
    long seed, int outputs) implements Serializable {

  public TrainingBatches {
    if (batchSize < 1 || outputs < 1) {
      throw new IllegalArgumentException("batch size and outputs must be >= 1, got " + batchSize + ", " + outputs);
    }
  }

  /** The index batches of epoch {@code epoch} over {@code size} images. */
  public List<int[]> epoch(int size, int epoch) {
    return new BatchSampler(size, batchSize, Seeds.seed(seed, "retrain.order")).batches(epoch);
  }

  /** The minibatch of {@code images} at {@code indices} in epoch {@code epoch}. */
  public MultiDataSet make(ImageDataset images, int[] indices, int epoch) {
    Batch b = new BatchMaker(images, normalization, augmentation, Seeds.seed(seed, "retrain.augment"))
        .make(indices, epoch);
    INDArray x = b.features();
    if (cutout.active()) {
      for (int j = 0; j < indices.length; j++) {
        cutout.apply(x, j, new SplittableRandom(Seeds.seed(seed, "retrain.cutout", epoch, indices[j])));
      }
    }
    INDArray[] labels = new INDArray[outputs];
    Arrays.fill(labels, b.labels());
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, labels);
  }

  /** The batches of one epoch as a DL4J iterator (single-threaded, in order: no prefetch thread). */
  public MultiDataSetIterator iterator(ImageDataset images, int epoch) {
    List<int[]> order = epoch(images.size(), epoch);
    return new MultiDataSetIterator() {
      private int next;

      @Override
      public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("batches have a fixed size");
      }

      @Override
      public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("batches are normalised by TrainingBatches");
      }

      @Override
      public MultiDataSetPreProcessor getPreProcessor() {
        return null;
      }

      @Override
      public boolean resetSupported() {
        return true;
      }

      @Override
      public boolean asyncSupported() {
        return false;
      }

      @Override
      public void reset() {
        next = 0;
      }

      @Override
      public boolean hasNext() {
        return next < order.size();
      }

      @Override
      public MultiDataSet next() {
        return make(images, order.get(next++), epoch);
      }
    };
  }
}
