package org.sparknas.core.data;

/** Which file set of a dataset to read: the training files or the held-out test files. */
public enum Split {
  TRAIN,
  TEST
}
