package org.sparknas.core.data;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.security.AccessControlException;

/**
 * File access shared by the readers, through Hadoop {@link FileSystem} only. A location without a
 * scheme is resolved against the configuration's default filesystem, which is the local disk unless
 * {@code fs.defaultFS} says otherwise, so {@code /data/fm}, {@code file:///data/fm} and
 * {@code hdfs://nn:8020/data/fm} all work.
 */
final class DataFiles {
  private final Configuration conf;

  DataFiles(Configuration conf) {
    this.conf = conf;
  }

  /** The child {@code name} of directory {@code dir}, as a path. */
  Path child(String dir, String name) {
    if (dir == null || dir.isBlank()) {
      throw new DatasetException("dataset directory is empty; give a path or URI such as file:///data/fashion-mnist");
    }
    try {
      return new Path(new Path(dir), name);
    } catch (IllegalArgumentException e) {
      throw new DatasetException("'" + dir + "': not a valid path or URI: " + e.getMessage(), e);
    }
  }

  boolean isFile(Path p) {
    try {
      FileSystem fs = p.getFileSystem(conf);
      return fs.exists(p) && fs.getFileStatus(p).isFile();
    } catch (AccessControlException | AccessDeniedException e) {
      throw DatasetException.inFile(p.toString(), "permission denied ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
    } catch (IOException e) {
      throw DatasetException.inFile(p.toString(), "cannot be accessed: " + e.getMessage(), e);
    }
  }

  /**
   * The error for a file {@link #isFile} did not find ({@code alsoTried} may be empty). On the local
   * disk a file inside a directory the user may not read looks absent (HDFS says so itself), so the
   * nearest existing directory above it is checked: "permission denied" rather than "missing file".
   */
  DatasetException missing(Path p, String alsoTried) {
    String uri = uri(p);
    File unreadable = unreadableLocalAncestor(p);
    if (unreadable != null) {
      return DatasetException.inFile(uri, "permission denied: directory " + unreadable + " cannot be read by user "
          + System.getProperty("user.name"));
    }
    return DatasetException.inFile(uri, "missing file" + alsoTried);
  }

  private File unreadableLocalAncestor(Path p) {
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!(fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem)) {
        return null;
      }
      for (File d = new File(fs.makeQualified(p).toUri()).getParentFile(); d != null; d = d.getParentFile()) {
        if (d.exists()) {
          return Files.isReadable(d.toPath()) && Files.isExecutable(d.toPath()) ? null : d;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The fully qualified URI of {@code p} ({@code file:/...}, {@code hdfs://...}), for messages. */
  String uri(Path p) {
    try {
      return p.getFileSystem(conf).makeQualified(p).toString();
    } catch (IOException | IllegalArgumentException e) {
      return p.toString();
    }
  }

  /**
   * All bytes of a file, gunzipped when it starts with the gzip magic bytes {@code 0x1f 0x8b}
   * whatever its name says.
   */
  byte[] readAll(Path p) {
    String uri = uri(p);
    try (InputStream raw = p.getFileSystem(conf).open(p);
        PushbackInputStream in = new PushbackInputStream(raw, 2)) {
      byte[] head = in.readNBytes(2);
      in.unread(head);
      boolean gzip = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
      if (!gzip) {
        return in.readAllBytes();
      }
      try (InputStream unzipped = new GZIPInputStream(in, 1 << 16)) {
        return unzipped.readAllBytes();
      } catch (IOException e) {
        throw DatasetException.inFile(uri, "corrupt or truncated gzip data: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw DatasetException.inFile(uri, "cannot be read: " + e.getMessage(), e);
    }
  }

  static int readIntBigEndian(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }
}
