package org.sparknas.spark;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code recording://}, remembering every file opened for reading:
 * tests point a job at {@code recording:///...} (with {@code spark.hadoop.fs.recording.impl} set to
 * this class) and assert on what it read.
 */
public final class RecordingFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "recording";
  /** Paths opened for reading, in order, across all instances. */
  public static final List<String> OPENED = new CopyOnWriteArrayList<>();

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    OPENED.add(f.toUri().getPath());
    return super.open(f, bufferSize);
  }
}
