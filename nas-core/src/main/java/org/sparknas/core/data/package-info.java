/**
 * Datasets for search and evaluation: readers for Fashion-MNIST (IDX) and CIFAR-10 (binary batches)
 * through Hadoop {@code FileSystem} (so {@code file://}, {@code hdfs://} and plain paths work alike), a
 * seeded synthetic dataset with a planted feature, the search split (weights half / architecture half),
 * per-channel normalisation, crop-and-flip augmentation, seeded batch sampling, the materialisation
 * of {@link org.sparknas.core.data.Batch}es as ND4J arrays, and the two augmented views per image of
 * self-supervised training ({@link org.sparknas.core.data.TwoViewMaker}).
 *
 * <p>Typical use: {@code DataSource d = Datasets.load(settings);} then
 * {@code d.trainBatches().make(sampler.batches(epoch).get(i), step)}. Everything random here is
 * driven by seeds derived with {@link org.sparknas.core.runtime.Seeds#seed}, never by ND4J's global
 * generator, so a retried task redraws the same data. Corrupt or missing input fails at load time
 * with a {@link org.sparknas.core.data.DatasetException} naming the file.
 */
package org.sparknas.core.data;
