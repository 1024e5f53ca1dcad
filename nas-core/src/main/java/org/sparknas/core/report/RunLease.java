package org.sparknas.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException;
import org.apache.hadoop.ipc.RemoteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive hold of one process on a run id: a small file {@code <output>/.<runId>.lease} naming
 * its owner (a random id), host and process, created atomically, and a heartbeat that refreshes the
 * file's modification time every {@link #HEARTBEAT}. A second process finds the file and refuses; a
 * lease whose process is gone (same host), whose heartbeat is older than {@link #STALE_AFTER}, or
 * that an earlier {@link Attempt} of the same application holds is taken over, and the takeover is logged.
 * <pre>{@code
 * try (RunLease lease = RunLease.acquire(fs, new Path(output, ".darts-1.lease"))) {
 *   ... write the run ...; lease.verify(); ... commit ...
 * }
 * }</pre>
 * Atomic create is {@code O_CREAT|O_EXCL} on the local disk and {@code create(overwrite=false)} on HDFS
 * (the NameNode refuses an existing path); object stores without an exclusive create (S3A) cannot
 * give this guarantee. Two contenders that both judge a lease stale can in a narrow window both take it
 * over: each holder checks at every heartbeat and before {@link #verify()} that the file still names
 * it, so the loser stops instead of writing beside the winner.
 */
public final class RunLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often the holder refreshes the lease. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);
  /** A lease without a heartbeat for this long is stale (generous: a long GC pause must not lose it). */
  public static final Duration STALE_AFTER = Duration.ofMinutes(2);

  /**
   * The application attempt a process runs as, when a resource manager restarts failed applications
   * (YARN's {@code spark.yarn.app.id} and {@code spark.yarn.app.attemptId}); {@link #NONE} otherwise.
   * A resource manager starts attempt n + 1 only once attempt n has ended, so a lease of an earlier
   * attempt of the same application is stale at once, whatever its heartbeat says.
   */
  public record Attempt(String application, int number) {
    public static final Attempt NONE = new Attempt("", 0);

    boolean supersedes(Holder h) {
      return !application.isEmpty() && application.equals(h.attempt().application()) && number > h.attempt().number();
    }
  }

  /** Who holds a lease, as the file records it, and when it last beat (the file's modification time). */
  public record Holder(String owner, String host, long pid, Attempt attempt, String acquired, Instant heartbeat) {

    /** {@code pid 4711 on host n1 (lease since ..., last heartbeat 3 s ago)}. */
    public String describe(Instant now) {
      return "pid " + pid + " on host " + host + (attempt.application().isEmpty() ? ""
          : " as attempt " + attempt.number() + " of " + attempt.application()) + " (lease since " + acquired
          + ", last heartbeat " + Duration.between(heartbeat, now).toSeconds() + " s ago)";
    }

    /**
     * Stale for {@code contender}: its process is gone (checked on this host only), its heartbeat is
     * older than {@link #STALE_AFTER}, or the contender is a later attempt of its application.
     */
    boolean stale(Instant now, Attempt contender) {
      boolean gone = host.equals(HOST) && pid > 0 && ProcessHandle.of(pid).isEmpty();
      return gone || Duration.between(heartbeat, now).compareTo(STALE_AFTER) > 0 || contender.supersedes(this);
    }
  }

  /** The lease is held by a live owner. */
  public static final class HeldException extends IOException {
    private final Holder holder;

    HeldException(Path file, Holder holder) {
      super(holder.describe(Instant.now()) + ", " + file.toUri());
      this.holder = holder;
    }

    public Holder holder() {
      return holder;
    }
  }

  private static final String HOST = hostName();

  private final FileSystem fs;
  private final Path file;
  private final String owner = UUID.randomUUID().toString();
  private final ScheduledExecutorService heartbeat;
  private volatile String lost; // why the lease is no longer ours, or null

  private RunLease(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lease " + file.getName());
      t.setDaemon(true);
      return t;
    });
  }

  /** {@link #acquire(FileSystem, Path, Attempt)} outside any resource manager's application attempts. */
  public static RunLease acquire(FileSystem fs, Path file) throws IOException {
    return acquire(fs, file, Attempt.NONE);
  }

  /**
   * Takes the lease at {@code file} (its parent must exist) for this process, running as
   * {@code attempt}, taking over a stale one.
   *
   * @throws HeldException when a live owner holds it
   */
  public static RunLease acquire(FileSystem fs, Path file, Attempt attempt) throws IOException {
    RunLease lease = new RunLease(fs, file);
    byte[] record = JSON.writeValueAsBytes(Map.of("owner", lease.owner, "host", HOST,
        "pid", ProcessHandle.current().pid(), "application", attempt.application(), "attempt", attempt.number(),
        "acquired", Instant.now().toString()));
    Holder replaced = null;
    for (int tries = 0; tries < 3; tries++) {
      if (createExclusive(fs, file, record)) {
        if (replaced != null) {
          LOG.warn("took over the stale lease {} of {}", file.toUri(), replaced.describe(Instant.now()));
        }
        lease.beat();
        long every = HEARTBEAT.toMillis();
        lease.heartbeat.scheduleWithFixedDelay(lease::beatOrNoteLoss, every, every, TimeUnit.MILLISECONDS);
        return lease;
      }
      Holder seen = readWritten(fs, file);
      if (seen == null) {
        continue; // released between our create and our read
      }
      if (!seen.stale(Instant.now(), attempt)) {
        throw new HeldException(file, seen);
      }
      // remove it only if it is still the lease judged stale, not a fresh one another contender just took
      if (seen.equals(read(fs, file))) {
        fs.delete(file, false);
        replaced = seen;
      }
    }
    Holder now = read(fs, file);
    throw new HeldException(file, now != null ? now : new Holder("?", "?", -1, Attempt.NONE, "?", Instant.now()));
  }

  /** Fails unless this process still holds the lease (call before committing or checkpointing). */
  public void verify() throws IOException {
    if (lost == null) {
      Holder h = read(fs, file);
      if (h == null || !h.owner().equals(owner)) {
        lost = h == null ? "the lease file " + file.toUri() + " was removed"
            : "the lease " + file.toUri() + " was taken over by " + h.describe(Instant.now());
      }
    }
    if (lost != null) {
      throw new IOException("this process no longer holds the run: " + lost);
    }
  }

  /** Stops the heartbeat and removes the lease file if it is still ours. */
  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    Holder h = read(fs, file);
    if (h != null && h.owner().equals(owner)) {
      fs.delete(file, false);
    }
  }

  /** The heartbeat: refreshes the modification time if the file still names this owner. */
  private void beatOrNoteLoss() {
    try {
      verify();
      beat();
    } catch (IOException e) {
      LOG.error("{}; this run stops at its next checkpoint or commit", e.getMessage());
      heartbeat.shutdown();
    }
  }

  private void beat() throws IOException {
    // the client's clock, like every later beat (HDFS stamps a create with the NameNode's)
    fs.setTimes(file, System.currentTimeMillis(), -1);
  }

  /** Creates {@code file} with {@code content} unless it exists, in one atomic step; false if it exists. */
  static boolean createExclusive(FileSystem fs, Path file, byte[] content) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      // Hadoop's local create(overwrite=false) checks and then creates; CREATE_NEW is O_EXCL
      try (OutputStream out = Files.newOutputStream(local.pathToFile(file).toPath(), StandardOpenOption.CREATE_NEW)) {
        out.write(content);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (RemoteException e) {
      // HDFS: the file exists and its creator is still writing it (the client does not unwrap this one)
      if (e.getClassName().equals(AlreadyBeingCreatedException.class.getName())) {
        return false;
      }
      throw e;
    }
  }

  /** {@link #read}, waiting up to a second for a lease file its creator is still writing. */
  private static Holder readWritten(FileSystem fs, Path file) throws IOException {
    Holder h = read(fs, file);
    for (int wait = 0; h != null && h.pid() < 0 && wait < 20; wait++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      h = read(fs, file);
    }
    return h;
  }

  /**
   * The holder named by {@code file}, or null if there is none. A file still being written (empty or
   * partial) names an unknown owner whose heartbeat is its creation time.
   */
  static Holder read(FileSystem fs, Path file) throws IOException {
    FileStatus status;
    byte[] bytes;
    try {
      status = fs.getFileStatus(file);
      try (InputStream in = fs.open(file)) {
        bytes = in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      return null;
    }
    Instant beat = Instant.ofEpochMilli(status.getModificationTime());
    try {
      Map<?, ?> m = JSON.readValue(bytes, Map.class);
      Attempt attempt = m.get("application") instanceof String app && m.get("attempt") instanceof Number n
          ? new Attempt(app, n.intValue()) : Attempt.NONE;
      return new Holder(String.valueOf(m.get("owner")), String.valueOf(m.get("host")),
          ((Number) m.get("pid")).longValue(), attempt, String.valueOf(m.get("acquired")), beat);
    } catch (IOException | RuntimeException e) {
      return new Holder("(being written)", "?", -1, Attempt.NONE, "?", beat);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
