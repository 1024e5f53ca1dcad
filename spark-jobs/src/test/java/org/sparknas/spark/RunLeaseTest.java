package org.sparknas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparknas.core.config.ConfigException;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.RunLease;

/**
 * One run id, one writer, on the local disk and on HDFS (an in-process MiniDFSCluster, whose NameNode
 * gives the exclusive create): openers racing for one id (threads released together) get it exactly
 * once and the others are refused naming the holder; a lease whose process is gone or whose heartbeat
 * is old is taken over; a writer whose lease was taken over can no longer checkpoint or commit.
 */
@DisplayName("the run lease: one writer per run id, on local disk and on HDFS")
class RunLeaseTest {
  private static final int RACERS = 8;
  private static final AtomicInteger IDS = new AtomicInteger();

  @TempDir static File base;
  @TempDir Path local;
  private static MiniDFSCluster hdfs;
  private static final Configuration CONF = new Configuration();

  @BeforeAll
  static void startHdfs() throws IOException {
    hdfs = new MiniDFSCluster.Builder(new Configuration(), base).numDataNodes(1).build();
    hdfs.waitActive();
  }

  @AfterAll
  static void stopHdfs() {
    hdfs.shutdown();
  }

  private String output(String filesystem) {
    return filesystem.equals("hdfs") ? hdfs.getURI() + "/runs-" + IDS.incrementAndGet() : local.toString();
  }

  private static FileSystem fs(String output) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(output);
    return p.toUri().getScheme() == null ? FileSystem.getLocal(CONF).getRawFileSystem() : p.getFileSystem(CONF);
  }

  private static org.apache.hadoop.fs.Path leaseFile(String output, String runId) {
    return new org.apache.hadoop.fs.Path(output, "." + runId + ".lease");
  }

  /** Plants the lease of another process: {@code pid} on {@code host}, last heartbeat {@code age} ago. */
  private static void plantLease(String output, String runId, String host, long pid, Duration age) throws IOException {
    plantLease(output, runId, host, pid, age, RunLease.Attempt.NONE);
  }

  private static void plantLease(String output, String runId, String host, long pid, Duration age,
      RunLease.Attempt attempt) throws IOException {
    FileSystem fs = fs(output);
    org.apache.hadoop.fs.Path file = leaseFile(output, runId);
    fs.mkdirs(file.getParent());
    try (OutputStream out = fs.create(file, true)) {
      out.write(("{\"owner\":\"someone-else\",\"host\":\"" + host + "\",\"pid\":" + pid
          + ",\"application\":\"" + attempt.application() + "\",\"attempt\":" + attempt.number()
          + ",\"acquired\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
    }
    fs.setTimes(file, System.currentTimeMillis() - age.toMillis(), -1);
  }

  private static String leaseText(String output, String runId) throws IOException {
    try (InputStream in = fs(output).open(leaseFile(output, runId))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "hdfs"})
  @DisplayName("openers released together on one run id: exactly one gets it, the others are told who holds it")
  void racingOpeners(String filesystem) throws Exception {
    String output = output(filesystem);
    long me = ProcessHandle.current().pid();
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      for (int round = 0; round < 5; round++) {
        String runId = "race-" + round;
        CyclicBarrier start = new CyclicBarrier(RACERS);
        List<Future<RunDirectory>> opened = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
          opened.add(pool.submit(() -> {
            start.await();
            return RunDirectory.resumeOrCreate(output, runId, CONF);
          }));
        }
        RunDirectory winner = null;
        int refused = 0;
        for (Future<RunDirectory> f : opened) {
          try {
            RunDirectory d = f.get();
            assertEquals(null, winner, "a second opener got run " + runId);
            winner = d;
          } catch (java.util.concurrent.ExecutionException e) {
            ConfigException refusal = (ConfigException) e.getCause();
            assertEquals("nas.run-id", refusal.key(), refusal.getMessage());
            assertTrue(refusal.getMessage().contains("is being written by pid " + me + " on host "),
                refusal.getMessage());
            refused++;
          }
        }
        assertEquals(RACERS - 1, refused);
        assertEquals(RunDirectory.Found.NEW, winner.found());
        winner.writeText("config.conf", "x");
        winner.keepForResume();

        RunDirectory next = RunDirectory.resumeOrCreate(output, runId, CONF);
        assertEquals(RunDirectory.Found.RESUMED, next.found(), "released on keepForResume, reopened as interrupted");
        next.writeText("result.json", "{}");
        next.commit();
        assertEquals(RunDirectory.Found.COMPLETE, RunDirectory.resumeOrCreate(output, runId, CONF).found());
        assertTrue(!fs(output).exists(leaseFile(output, runId)), "no lease left after a commit");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "hdfs"})
  @DisplayName("a lease whose process on this host is gone is taken over")
  void deadOwnerTakenOver(String filesystem) throws Exception {
    String output = output(filesystem);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    plantLease(output, "orphan", InetAddress.getLocalHost().getHostName(), gone.pid(), Duration.ZERO);

    try (RunDirectory dir = RunDirectory.resumeOrCreate(output, "orphan", CONF)) {
      assertEquals(RunDirectory.Found.NEW, dir.found());
      String lease = leaseText(output, "orphan");
      assertTrue(lease.contains("\"pid\":" + ProcessHandle.current().pid()), lease);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "hdfs"})
  @DisplayName("another host's lease is held while it beats, taken over once its heartbeat is older than the limit")
  void heartbeat(String filesystem) throws Exception {
    String output = output(filesystem);
    plantLease(output, "remote", "elsewhere", 1, Duration.ofSeconds(5));
    ConfigException held = assertThrows(ConfigException.class, () -> RunDirectory.resumeOrCreate(output, "remote", CONF));
    assertEquals("nas.run-id", held.key());
    assertTrue(held.getMessage().contains("pid 1 on host elsewhere"), held.getMessage());

    plantLease(output, "remote", "elsewhere", 1, RunLease.STALE_AFTER.plusMinutes(1));
    try (RunDirectory dir = RunDirectory.resumeOrCreate(output, "remote", CONF)) {
      assertEquals(RunDirectory.Found.NEW, dir.found());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "hdfs"})
  @DisplayName("YARN's next attempt takes over its failed attempt's lease at once; another application or attempt waits")
  void laterAttempt(String filesystem) throws Exception {
    String output = output(filesystem);
    RunLease.Attempt first = new RunLease.Attempt("application_1733_0007", 1);
    plantLease(output, "yarn", "elsewhere", 1, Duration.ZERO, first);
    for (RunLease.Attempt other : List.of(first, new RunLease.Attempt("application_1733_0008", 2),
        RunLease.Attempt.NONE)) {
      ConfigException held = assertThrows(ConfigException.class,
          () -> RunDirectory.resumeOrCreate(output, "yarn", CONF, other), other.toString());
      assertTrue(held.getMessage().contains("as attempt 1 of application_1733_0007"), held.getMessage());
    }
    try (RunDirectory dir = RunDirectory.resumeOrCreate(output, "yarn", CONF,
        new RunLease.Attempt("application_1733_0007", 2))) {
      assertEquals(RunDirectory.Found.NEW, dir.found());
      assertTrue(leaseText(output, "yarn").contains("\"attempt\":2"), leaseText(output, "yarn"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "hdfs"})
  @DisplayName("a writer whose lease another process took over can neither checkpoint nor commit")
  void lostLease(String filesystem) throws Exception {
    String output = output(filesystem);
    RunDirectory dir = RunDirectory.resumeOrCreate(output, "taken", CONF);
    dir.writeAtomically("checkpoints/a.ser", new byte[] {1});
    fs(output).delete(leaseFile(output, "taken"), false);
    plantLease(output, "taken", "elsewhere", 7, Duration.ZERO);

    IOException e = assertThrows(IOException.class, () -> dir.writeAtomically("checkpoints/a.ser", new byte[] {2}));
    assertTrue(e.getMessage().contains("no longer holds the run") && e.getMessage().contains("pid 7 on host elsewhere"),
        e.getMessage());
    assertThrows(IOException.class, dir::commit);
    dir.keepForResume();
    assertTrue(leaseText(output, "taken").contains("\"pid\":7"), "the new holder's lease is left alone");
  }
}
