package org.sparknas.core.data;

/**
 * A dataset that cannot be used: a missing or corrupt file, an unknown format name, or a label out of
 * range. The message names the file by its full URI and says what is wrong, e.g.
 * {@code "file:/data/fm/train-images-idx3-ubyte.gz: wrong magic number: expected 2051, got 2049"}.
 */
public class DatasetException extends IllegalArgumentException {

  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code "<file>: <problem>"}, the one wording every reader uses. */
  static DatasetException inFile(String file, String problem) {
    return new DatasetException(file + ": " + problem);
  }

  static DatasetException inFile(String file, String problem, Throwable cause) {
    return new DatasetException(file + ": " + problem, cause);
  }
}
