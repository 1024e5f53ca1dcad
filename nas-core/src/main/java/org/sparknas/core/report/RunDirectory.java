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
import java.nio.file.AccessDeniedException;
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
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.config.ConfigException;

/**
 * One run's output directory ({@code <output>/<runId>/}) on any Hadoop filesystem, written atomically:
 * everything goes under the hidden sibling {@code <output>/.<runId>.inprogress/}, and {@link #commit()}
 * writes {@code _SUCCESS} there and then renames it to {@code <output>/<runId>}, so a directory under
 * its final name is always complete. A run that is aborted, closed without commit or killed never
 * shows a final-named directory; a killed run leaves only its hidden in-progress directory (Hadoop
 * input formats skip names starting with a dot), which {@link #resumeOrCreate} reopens.
 * <pre>{@code
 * try (RunDirectory run = RunDirectory.create("hdfs:///nas/runs", RunDirectory.runId("darts", Instant.now()))) {
 *   run.writeJson("result.json", result); run.commit(); }
 * }</pre>
 * One process at a time writes a run id: from opening to commit or close it holds the {@link RunLease}
 * {@code <output>/.<runId>.lease}. Problems with where the run goes (an output that is a file, cannot
 * be written or has no filesystem; a bad, taken or busy run id) are {@link ConfigException}s naming
 * {@code nas.output} or {@code nas.run-id}, the job keys every caller takes these two values from.
 * An output without a scheme ({@code runs/}, {@code /tmp/runs}) is a local path. Methods are
 * synchronized, so metrics may be appended from several threads.
 */
public final class RunDirectory implements AutoCloseable {

  /** Marker of a complete run, written by {@link #commit()} just before the rename, as Hadoop output committers do. */
  public static final String SUCCESS = "_SUCCESS";

  private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** What opening a run id found. */
  public enum Found {
    /** Nothing: a new in-progress directory was made. */
    NEW,
    /** The in-progress directory of an interrupted run, reopened with its checkpoints. */
    RESUMED,
    /** A committed run; nothing can be written, its files can be read. */
    COMPLETE
  }

  private enum State { OPEN, COMMITTED, ABORTED }

  private final FileSystem fs;
  private final Path output;
  private final String runId;
  private final Path temporary;
  private final Path target;
  private RunLease lease;
  private Found found = Found.NEW;
  private State state = State.OPEN;

  private RunDirectory(FileSystem fs, Path output, String runId) {
    this.fs = fs;
    this.output = output;
    this.runId = runId;
    this.temporary = new Path(output, "." + runId + ".inprogress");
    this.target = new Path(output, runId);
  }

  /** {@link #create(String, String, Configuration)} with a default Hadoop configuration. */
  public static RunDirectory create(String outputUri, String runId) throws IOException {
    return create(outputUri, runId, new Configuration());
  }

  /**
   * Starts a new run directory under {@code outputUri}. Fails when {@code <output>/<runId>} exists,
   * when an interrupted run left its in-progress directory, or when another process holds the id.
   *
   * @param conf Hadoop settings for the filesystem (on Spark: {@code sc.hadoopConfiguration()})
   */
  public static RunDirectory create(String outputUri, String runId, Configuration conf) throws IOException {
    RunDirectory dir = locate(outputUri, runId, conf);
    dir.takeLease(RunLease.Attempt.NONE);
    try {
      if (dir.fs.exists(dir.target)) {
        throw new ConfigException("nas.run-id", "run directory " + dir.target.toUri() + " already exists; "
            + "choose another run id or output");
      }
      if (dir.fs.exists(dir.temporary)) {
        throw new ConfigException("nas.run-id", dir.temporary.toUri() + " holds an interrupted run " + runId
            + "; delete it or choose another run id");
      }
      dir.makeTemporary();
      return dir;
    } catch (IOException | RuntimeException e) {
      dir.releaseLease();
      throw e;
    }
  }

  /**
   * Opens run id {@code runId}: a committed run as {@link Found#COMPLETE} (read-only), the in-progress
   * directory of an interrupted run as {@link Found#RESUMED}, or a new one. A commit cut short is
   * finished first: an in-progress directory holding {@code _SUCCESS} is renamed, and a final directory
   * without it (an older release renamed first and marked second) gets its marker.
   */
  public static RunDirectory resumeOrCreate(String outputUri, String runId, Configuration conf) throws IOException {
    return resumeOrCreate(outputUri, runId, conf, RunLease.Attempt.NONE);
  }

  /**
   * {@link #resumeOrCreate(String, String, Configuration)} by a process running as {@code attempt} of a
   * resource manager's application: a lease its earlier attempt left is taken over at once.
   */
  public static RunDirectory resumeOrCreate(String outputUri, String runId, Configuration conf,
      RunLease.Attempt attempt) throws IOException {
    RunDirectory dir = locate(outputUri, runId, conf);
    if (dir.fs.exists(new Path(dir.target, SUCCESS))) {
      return dir.completed();
    }
    dir.takeLease(attempt);
    try {
      if (dir.fs.exists(dir.target)) {
        dir.finishMarker();
        return dir.completed();
      }
      if (dir.fs.exists(new Path(dir.temporary, SUCCESS))) {
        LOG.warn("run {} was marked complete but not renamed; finishing its commit", runId);
        dir.rename();
        return dir.completed();
      }
      if (dir.fs.exists(dir.temporary)) {
        dir.found = Found.RESUMED;
      } else {
        dir.makeTemporary();
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      dir.releaseLease();
      throw e;
    }
  }

  /**
   * The directory of a command whose work lives in runs of its own ({@code compare}, {@code quality}):
   * new, or reopened after an interrupted attempt (its work items then read back or resume their own
   * runs); a committed one is refused by {@code nas.run-id}.
   */
  public static RunDirectory openUnfinished(String outputUri, String runId, Configuration conf) throws IOException {
    RunDirectory dir = resumeOrCreate(outputUri, runId, conf);
    if (dir.found() == Found.COMPLETE) {
      throw new ConfigException("nas.run-id", "run " + dir.uri() + " is complete; choose another run id or output");
    }
    return dir;
  }

  private static RunDirectory locate(String outputUri, String runId, Configuration conf) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new ConfigException("nas.run-id", "'" + runId + "' must be one path segment of letters, digits, '.', "
          + "'_' or '-', not starting with '.', '_' or '-'");
    }
    Path output;
    try {
      output = new Path(outputUri);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("nas.output", "'" + outputUri + "' is not a path or URI: " + e.getMessage());
    }
    if (output.toUri().getScheme() == null) {
      // A scheme-less output is a local path even when fs.defaultFS points at HDFS.
      output = new Path(new File(outputUri).getAbsoluteFile().toURI());
    }
    FileSystem fs;
    try {
      fs = output.getFileSystem(conf);
    } catch (IOException e) {
      throw new ConfigException("nas.output", "'" + outputUri + "': " + e.getMessage()
          + "; use a local path, file:// or hdfs://");
    }
    if (fs instanceof LocalFileSystem local) {
      // the raw filesystem writes no hidden .crc companion next to every file
      fs = local.getRawFileSystem();
    }
    output = fs.makeQualified(output);
    try {
      if (fs.exists(output) && !fs.getFileStatus(output).isDirectory()) {
        throw new ConfigException("nas.output", output.toUri() + " is a file, not a directory");
      }
    } catch (IOException e) {
      throw unusable(output, e);
    }
    return new RunDirectory(fs, output, runId);
  }

  private void takeLease(RunLease.Attempt attempt) {
    try {
      if (!fs.mkdirs(output)) {
        throw new AccessDeniedException(output.toUri().toString());
      }
      lease = RunLease.acquire(fs, new Path(output, "." + runId + ".lease"), attempt);
    } catch (RunLease.HeldException e) {
      throw new ConfigException("nas.run-id", "run " + runId + " is being written by " + e.getMessage()
          + "; wait for it or stop it (a lease without a heartbeat for " + RunLease.STALE_AFTER.toMinutes()
          + " min is taken over)");
    } catch (IOException e) {
      throw unusable(output, e);
    }
  }

  /** The error for an output the user cannot use: permission denied said as such, anything else with its cause. */
  private static ConfigException unusable(Path output, IOException e) {
    String cause = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    boolean denied = e instanceof AccessControlException || e instanceof AccessDeniedException
        || cause.contains("Permission denied");
    return new ConfigException("nas.output", (denied ? "permission denied: user " + user() + " cannot write in "
        : "cannot use ") + output.toUri() + " (" + cause + ")");
  }

  /** The user the filesystems see (Hadoop's, which is the login user unless a job runs as another). */
  private static String user() {
    try {
      return UserGroupInformation.getCurrentUser().getShortUserName();
    } catch (IOException e) {
      return System.getProperty("user.name");
    }
  }

  /** A final directory without {@code _SUCCESS} is finished if it holds a run's result, refused otherwise. */
  private void finishMarker() throws IOException {
    if (!fs.exists(new Path(target, "result.json"))) {
      throw new ConfigException("nas.run-id", target.toUri() + " exists but holds no run (no result.json); "
          + "choose another run id or output");
    }
    LOG.warn("run {} was renamed but never marked complete; writing its {}", runId, SUCCESS);
    fs.create(new Path(target, SUCCESS), true).close();
  }

  private RunDirectory completed() throws IOException {
    found = Found.COMPLETE;
    state = State.COMMITTED;
    releaseLease();
    return this;
  }

  private void makeTemporary() throws IOException {
    if (!fs.mkdirs(temporary)) {
      throw new IOException("could not create " + temporary.toUri());
    }
  }

  private void rename() throws IOException {
    if (!fs.rename(temporary, target)) {
      throw new IOException("could not rename " + temporary.toUri() + " to " + target.toUri());
    }
  }

  private void releaseLease() throws IOException {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }

  /** What opening found: a new run, an interrupted one to resume, or a complete one. */
  public Found found() {
    return found;
  }

  /** Whether this directory was reopened from an interrupted run. */
  public boolean resumed() {
    return found == Found.RESUMED;
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
   * and awkward, so this reads the file and replaces it whole ({@link #writeAtomically}, so a kill
   * never leaves it cut): fine for one line per epoch or phase, not for per-step logging.
   */
  public synchronized void appendJsonLine(String relPath, Object value) throws IOException {
    byte[] line = (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    if (exists(relPath)) {
      all.write(read(relPath));
    }
    all.write(line);
    writeAtomically(relPath, all.toByteArray());
  }

  /** Whether a file exists in the run directory (the in-progress one while open, the final one once committed). */
  public synchronized boolean exists(String relPath) throws IOException {
    return fs.exists(file(relPath));
  }

  /** Reads a file of the run directory, e.g. a checkpoint of an interrupted run or a complete run's config. */
  public synchronized byte[] read(String relPath) throws IOException {
    try (InputStream in = fs.open(file(relPath))) {
      return in.readAllBytes();
    }
  }

  /**
   * Replaces a file in one step (written under a temporary name, then renamed): a checkpoint is never
   * half-written. Fails if another process has taken over this run's lease.
   */
  public synchronized void writeAtomically(String relPath, byte[] bytes) throws IOException {
    Path file = writable(relPath);
    lease.verify();
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
   * name, no {@code _SUCCESS}) keeps its checkpoints for {@link #resumeOrCreate}; the lease is released.
   */
  public synchronized void keepForResume() throws IOException {
    if (state == State.OPEN) {
      state = State.ABORTED;
    }
    releaseLease();
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
    return writable(relPath).toUri();
  }

  /** Opens a new file (parents created, an existing file replaced) for binary output such as checkpoints or PNGs. */
  public synchronized OutputStream create(String relPath) throws IOException {
    return fs.create(writable(relPath), true);
  }

  /**
   * Writes {@code _SUCCESS} into the in-progress directory and renames it to its final name, then
   * releases the lease. Refuses, leaving everything in place, when the final directory exists or
   * another process took the lease over; {@link #close()} then discards the run.
   */
  public synchronized void commit() throws IOException {
    requireOpen();
    lease.verify();
    // Checked first because FileSystem.rename moves a directory *into* an existing one.
    if (fs.exists(target)) {
      throw new FileAlreadyExistsException("cannot commit run: " + target.toUri() + " already exists");
    }
    // marker first: a kill before the rename leaves a marked in-progress directory that a resume renames
    fs.create(new Path(temporary, SUCCESS), true).close();
    rename();
    state = State.COMMITTED;
    releaseLease();
  }

  /** Deletes the in-progress directory and releases the lease; no final directory and no {@code _SUCCESS} appear. */
  public synchronized void abort() throws IOException {
    if (state == State.COMMITTED) {
      throw new IllegalStateException("run " + target.toUri() + " is already committed");
    }
    if (state == State.OPEN) {
      state = State.ABORTED;
      fs.delete(temporary, true);
    }
    releaseLease();
  }

  /** Aborts unless {@link #commit()} succeeded or the run was kept for a resume. */
  @Override
  public synchronized void close() throws IOException {
    if (state == State.OPEN) {
      abort();
    }
    releaseLease();
  }

  /** A file of the run for writing: the run must be open. */
  private Path writable(String relPath) {
    requireOpen();
    if (relPath.equals(SUCCESS)) {
      throw new IllegalArgumentException(SUCCESS + " is written by commit() only");
    }
    return file(relPath);
  }

  /** A file of the run: in the in-progress directory while open, in the final one once committed. */
  private Path file(String relPath) {
    if (state == State.ABORTED) {
      throw new IllegalStateException("run " + target.toUri() + " is aborted; nothing can be read or written");
    }
    if (relPath == null || relPath.isEmpty() || relPath.startsWith("/") || relPath.contains("\\")) {
      throw new IllegalArgumentException("path '" + relPath + "' must be relative to the run directory, with '/'");
    }
    for (String part : relPath.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("path '" + relPath + "' must not contain empty, '.' or '..' segments");
      }
    }
    return new Path(state == State.COMMITTED ? target : temporary, relPath);
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("run " + target.toUri() + " is " + state.name().toLowerCase()
          + "; nothing more can be written");
    }
  }
}
