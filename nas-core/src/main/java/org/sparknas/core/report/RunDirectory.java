package org.sparknas.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run's output directory ({@code <output>/<runId>/}) on any Hadoop filesystem, written atomically:
 * everything goes under the hidden sibling {@code <output>/.<runId>.inprogress/}, {@link #commit()}
 * renames it to {@code <output>/<runId>} and then writes {@code _SUCCESS} as the last file. A run that
 * is aborted, closed without commit or killed never shows a final-named directory; a killed run leaves
 * only its hidden in-progress directory (Hadoop input formats skip names starting with a dot).
 * <pre>{@code
 * try (RunDirectory run = RunDirectory.create("hdfs:///nas/runs", RunDirectory.runId("darts", Instant.now()))) {
 *   run.writeJson("result.json", result); run.commit(); }
 * }</pre>
 * An output without a scheme ({@code runs/}, {@code /tmp/runs}) is a local path. Methods are
 * synchronized, so metrics may be appended from several threads.
 */
public final class RunDirectory implements AutoCloseable {

  /** Marker written last by {@link #commit()}, as Hadoop output committers do. */
  public static final String SUCCESS = "_SUCCESS";

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private enum State { OPEN, COMMITTED, ABORTED }

  private final FileSystem fs;
  private final Path temporary;
  private final Path target;
  private State state = State.OPEN;
  private boolean resumed;

  private RunDirectory(FileSystem fs, Path temporary, Path target) {
    this.fs = fs;
    this.temporary = temporary;
    this.target = target;
  }

  /** {@link #create(String, String, Configuration)} with a default Hadoop configuration. */
  public static RunDirectory create(String outputUri, String runId) throws IOException {
    return create(outputUri, runId, new Configuration());
  }

  /**
   * Starts a run directory under {@code outputUri}. Fails when {@code <output>/<runId>} exists or when
   * its in-progress directory exists (another run with this id is writing, or one crashed).
   *
   * @param conf Hadoop settings for the filesystem (on Spark: {@code sc.hadoopConfiguration()})
   */
  public static RunDirectory create(String outputUri, String runId, Configuration conf) throws IOException {
    RunDirectory dir = locate(outputUri, runId, conf);
    if (dir.fs.exists(dir.temporary)) {
      throw new FileAlreadyExistsException("in-progress directory " + dir.temporary.toUri()
          + " exists: a run with id " + runId + " is being written or crashed; delete it or choose another run id");
    }
    dir.makeTemporary();
    return dir;
  }

  /**
   * Reopens the in-progress directory of an interrupted run with this id (its checkpoints let the
   * search continue), or starts a new one. Fails when the run already completed.
   */
  public static RunDirectory resumeOrCreate(String outputUri, String runId, Configuration conf) throws IOException {
    RunDirectory dir = locate(outputUri, runId, conf);
    if (dir.fs.exists(dir.temporary)) {
      dir.resumed = true;
    } else {
      dir.makeTemporary();
    }
    return dir;
  }

  private static RunDirectory locate(String outputUri, String runId, Configuration conf) throws IOException {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("run id '" + runId
          + "' must be one path segment of letters, digits, '.', '_' or '-', not starting with '.', '_' or '-'");
    }
    Path output = new Path(outputUri);
    if (output.toUri().getScheme() == null) {
      // A scheme-less output is a local path even when fs.defaultFS points at HDFS.
      output = new Path(new File(outputUri).getAbsoluteFile().toURI());
    }
    FileSystem fs = output.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      // the raw filesystem writes no hidden .crc companion next to every file
      fs = local.getRawFileSystem();
    }
    output = fs.makeQualified(output);
    Path target = new Path(output, runId);
    if (fs.exists(target)) {
      throw new FileAlreadyExistsException("run directory " + target.toUri() + " already exists; "
          + "choose another run id or output");
    }
    return new RunDirectory(fs, new Path(output, "." + runId + ".inprogress"), target);
  }

  private void makeTemporary() throws IOException {
    if (!fs.mkdirs(temporary)) {
      throw new IOException("could not create " + temporary.toUri());
    }
  }

  /** Whether this directory was reopened from an interrupted run. */
  public boolean resumed() {
    return resumed;
  }

  /**
   * A run id such as {@code darts-20261128-121530-ab12}: method, UTC time to the second and four random
   * hex digits, so two runs started in the same second do not collide.
   */
  public static String runId(String method, Instant at) {
    if (method == null || !METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("method '" + method + "' must be letters, digits and '-'");
    }
    return method + "-" + STAMP.format(at) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** The final, fully qualified location ({@code file:/...}, {@code hdfs://host:port/...}), valid once committed. */
  public URI uri() {
    return target.toUri();
  }

  /** Writes (or replaces) a UTF-8 text file. */
  public synchronized void writeText(String relPath, String text) throws IOException {
    try (OutputStream out = create(relPath)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Writes (or replaces) {@code value} as JSON on one line (records, maps, lists, beans, java.time):
   * Spark's JSON reader takes one object per line, so {@code spark.read.json} reads the result.json of
   * many runs at once without the multiLine option ({@code jq . result.json} shows it indented).
   */
  public synchronized void writeJson(String relPath, Object value) throws IOException {
    writeText(relPath, JSON.writeValueAsString(value) + "\n");
  }

  /**
   * Appends {@code value} as one compact JSON line ({@code metrics.jsonl}). HDFS append is optional
   * and awkward, so this reads the file and rewrites it whole: fine for one line per epoch or phase,
   * not for per-step logging. Atomicity still comes from the directory rename in {@link #commit()}.
   */
  public synchronized void appendJsonLine(String relPath, Object value) throws IOException {
    byte[] line = (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    Path file = resolve(relPath);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    if (fs.exists(file)) {
      try (InputStream in = fs.open(file)) {
        in.transferTo(all);
      }
    }
    all.write(line);
    try (OutputStream out = fs.create(file, true)) {
      all.writeTo(out);
    }
  }

  /** Whether a file exists in the (in-progress) run directory. */
  public synchronized boolean exists(String relPath) throws IOException {
    return fs.exists(resolve(relPath));
  }

  /** Reads a file of the (in-progress) run directory, e.g. a checkpoint of an interrupted run. */
  public synchronized byte[] read(String relPath) throws IOException {
    try (InputStream in = fs.open(resolve(relPath))) {
      return in.readAllBytes();
    }
  }

  /** Replaces a file in one step (written under a temporary name, then renamed): a checkpoint is never half-written. */
  public synchronized void writeAtomically(String relPath, byte[] bytes) throws IOException {
    Path file = resolve(relPath);
    Path partial = new Path(file.getParent(), "." + file.getName() + ".partial");
    try (OutputStream out = fs.create(partial, true)) {
      out.write(bytes);
    }
    if (fs.exists(file) && !fs.delete(file, false)) {
      throw new IOException("could not replace " + file.toUri());
    }
    if (!fs.rename(partial, file)) {
      throw new IOException("could not rename " + partial.toUri() + " to " + file.toUri());
    }
  }

  /**
   * Closes the run without committing and without deleting it: the in-progress directory (hidden
   * name, no {@code _SUCCESS}) keeps its checkpoints for {@link #resumeOrCreate}.
   */
  public synchronized void keepForResume() {
    if (state == State.OPEN) {
      state = State.ABORTED;
    }
  }

  /** Where an interrupted run's files wait for a resume. */
  public URI inProgressUri() {
    return temporary.toUri();
  }

  /**
   * The fully qualified location of {@code relPath} inside the in-progress directory, for writers that
   * take a URI (Spark's table writers): what they write there is committed with the run.
   */
  public synchronized URI location(String relPath) {
    return resolve(relPath).toUri();
  }

  /** Opens a new file (parents created, an existing file replaced) for binary output such as checkpoints or PNGs. */
  public synchronized OutputStream create(String relPath) throws IOException {
    return fs.create(resolve(relPath), true);
  }

  /**
   * Renames the in-progress directory to its final name and writes {@code _SUCCESS} last. Refuses,
   * leaving everything in place, when the final directory exists; {@link #close()} then discards the run.
   */
  public synchronized void commit() throws IOException {
    requireOpen();
    // Checked first because FileSystem.rename moves a directory *into* an existing one.
    if (fs.exists(target)) {
      throw new FileAlreadyExistsException("cannot commit run: " + target.toUri() + " already exists");
    }
    if (!fs.rename(temporary, target)) {
      throw new IOException("could not rename " + temporary.toUri() + " to " + target.toUri());
    }
    state = State.COMMITTED;
    fs.create(new Path(target, SUCCESS), false).close();
  }

  /** Deletes the in-progress directory; no final directory and no {@code _SUCCESS} appear. */
  public synchronized void abort() throws IOException {
    if (state == State.COMMITTED) {
      throw new IllegalStateException("run " + target.toUri() + " is already committed");
    }
    if (state == State.OPEN) {
      state = State.ABORTED;
      fs.delete(temporary, true);
    }
  }

  /** Aborts unless {@link #commit()} succeeded. */
  @Override
  public synchronized void close() throws IOException {
    if (state == State.OPEN) {
      abort();
    }
  }

  private Path resolve(String relPath) {
    requireOpen();
    if (relPath == null || relPath.isEmpty() || relPath.startsWith("/") || relPath.contains("\\")) {
      throw new IllegalArgumentException("path '" + relPath + "' must be relative to the run directory, with '/'");
    }
    for (String part : relPath.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("path '" + relPath + "' must not contain empty, '.' or '..' segments");
      }
    }
    if (relPath.equals(SUCCESS)) {
      throw new IllegalArgumentException(SUCCESS + " is written by commit() only");
    }
    return new Path(temporary, relPath);
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("run " + target.toUri() + " is " + state.name().toLowerCase()
          + "; nothing more can be written");
    }
  }
}
