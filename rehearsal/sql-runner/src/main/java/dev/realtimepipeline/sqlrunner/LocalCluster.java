package dev.realtimepipeline.sqlrunner;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a script on a MiniCluster in this JVM, configured like the FlinkDeployment's cluster.
 *
 * <p>The MiniCluster gets the configuration file's keys (checkpointing, state backend, restart
 * strategy, metric reporters, REST port ...) less those that only mean something on Kubernetes
 * ({@link #dropped}). The table environment submits the jobs to the MiniCluster's REST endpoint
 * ({@code execution.target: remote}) with the same configuration, exactly as a client would, so
 * job-level keys ({@code execution.checkpointing.*}, {@code pipeline.name}, {@code
 * execution.state-recovery.path} / {@code execution.savepoint.path}) apply to the jobs, and all jobs
 * of the script share one cluster, one REST API and one metrics reporter.
 *
 * <p>Settings (system property, else environment variable):
 *
 * <ul>
 *   <li>{@code runner.local.slots} / {@code SQL_RUNNER_LOCAL_SLOTS}: task slots of the local task
 *       manager (default: enough for every job of the script at {@code parallelism.default}).
 *   <li>{@code runner.local.restore} / {@code SQL_RUNNER_RESTORE_FROM}: a savepoint or retained
 *       checkpoint to start the jobs from (sets {@code execution.state-recovery.path}).
 *   <li>{@code runner.local.savepoint-on-exit} / {@code SQL_RUNNER_SAVEPOINT_ON_EXIT}: on SIGTERM
 *       or SIGINT, stop every running job with a savepoint into this directory ({@code true}: the
 *       configured savepoint directory) before exiting; the paths are logged as {@code sql-runner:
 *       savepoint <job id> <path>}.
 * </ul>
 *
 * <p>Exit code: 0 when every job ended FINISHED or CANCELED (a stop with savepoint ends FINISHED),
 * 1 when a statement or a job failed.
 */
final class LocalCluster {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

  /** Keys the local cluster must not see: they need Kubernetes, or a launcher, or the image. */
  static boolean dropped(String key) {
    return key.startsWith("high-availability")
        || key.startsWith("kubernetes.")
        || key.startsWith("$internal.")
        || key.equals("execution.target")
        || key.equals("pipeline.jars")
        || key.equals("pipeline.classpaths");
  }

  private LocalCluster() {}

  static int run(List<SqlScript.Statement> statements, Path confFile) throws Exception {
    long started = System.nanoTime();
    Map<String, String> conf = new LinkedHashMap<>();
    if (confFile != null) {
      for (Map.Entry<String, String> e : ConfFile.read(confFile).entrySet()) {
        if (dropped(e.getKey())) {
          LOG.warn("sql-runner: local mode ignores {}: {}", e.getKey(), e.getValue());
        } else {
          conf.put(e.getKey(), e.getValue());
        }
      }
    }
    String restore = Settings.get("runner.local.restore", "SQL_RUNNER_RESTORE_FROM");
    if (restore != null) {
      conf.remove("execution.savepoint.path");
      conf.put("execution.state-recovery.path", restore);
    }
    conf.putIfAbsent("parallelism.default", "1"); // a cluster's default; locally it would be the core count
    conf.putIfAbsent("rest.port", "0");
    conf.putIfAbsent("rest.address", "127.0.0.1");
    conf.putIfAbsent("rest.bind-address", "127.0.0.1");

    int slots = slots(conf, statements);
    conf.put("taskmanager.numberOfTaskSlots", String.valueOf(slots));
    Configuration clusterConf = Configuration.fromMap(conf);
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(clusterConf)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(slots)
        .build());
    cluster.start();
    URI rest = cluster.getRestAddress().get();
    LOG.info("sql-runner: local cluster up in {} ms, {} slot(s), REST API {}", (System.nanoTime() - started) / 1_000_000, slots, rest);

    Map<String, String> client = new LinkedHashMap<>(conf);
    client.put("execution.target", "remote");
    client.put("rest.address", rest.getHost());
    client.put("rest.port", String.valueOf(rest.getPort()));
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.newInstance()
        .inStreamingMode()
        .withConfiguration(Configuration.fromMap(client))
        .build());

    List<JobClient> jobs = new ArrayList<>();
    CountDownLatch exited = new CountDownLatch(1);
    String savepointOnExit = Settings.get("runner.local.savepoint-on-exit", "SQL_RUNNER_SAVEPOINT_ON_EXIT");
    // SIGTERM / SIGINT: (savepoint,) close the cluster (its temp files go; retained checkpoints stay:
    // the jobs end SUSPENDED, not CANCELED), exit 0 after good savepoints, else 128 + signal.
    Signals.onTermination(signal -> {
      boolean saved = savepointOnExit != null
          && stopWithSavepoint(jobs, "true".equalsIgnoreCase(savepointOnExit) ? null : savepointOnExit);
      closeQuietly(cluster);
      exited.countDown();
      return saved ? 0 : 128 + signal;
    });

    int code = 0;
    try {
      SqlRunner.execute(tableEnv, statements, jobs);
      List<JobClient> submitted;
      synchronized (jobs) {
        submitted = new ArrayList<>(jobs);
      }
      for (JobClient job : submitted) {
        if (!awaitJob(job)) code = 1;
      }
      LOG.info("sql-runner: all {} job(s) ended", submitted.size());
    } catch (Exception e) {
      LOG.error("sql-runner: {}", e.getMessage(), e);
      code = 1;
    }
    if (Signals.terminating()) {
      // the signal handler stops the jobs and the cluster, then exits with its code
      exited.await(10, TimeUnit.MINUTES);
      for (int i = 0; i < 600 && Signals.exitCode() < 0; i++) Thread.sleep(100);
      return Signals.exitCode() < 0 ? 1 : Signals.exitCode();
    }
    closeQuietly(cluster);
    return code;
  }

  /** Waits for the job to end; true if it ended FINISHED or CANCELED. */
  private static boolean awaitJob(JobClient job) throws InterruptedException {
    try {
      job.getJobExecutionResult().get();
      LOG.info("sql-runner: job {} FINISHED", job.getJobID());
      return true;
    } catch (ExecutionException e) {
      JobStatus status = null;
      try {
        status = job.getJobStatus().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // the cluster may be gone already
      }
      if (status == JobStatus.CANCELED || Signals.terminating()) {
        LOG.info("sql-runner: job {} {}", job.getJobID(), status == null ? "stopped" : status);
        return true;
      }
      LOG.error("sql-runner: job {} {}: {}", job.getJobID(), status == null ? "FAILED" : status, rootMessage(e), e);
      return false;
    }
  }

  /** Stops the running jobs with a savepoint each; true if every one succeeded. */
  private static boolean stopWithSavepoint(List<JobClient> jobs, String dir) {
    List<JobClient> copy;
    synchronized (jobs) {
      copy = new ArrayList<>(jobs);
    }
    boolean ok = true;
    for (JobClient job : copy) {
      try {
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) continue;
        String path = job.stopWithSavepoint(false, dir, SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
        LOG.info("sql-runner: savepoint {} {}", job.getJobID(), path);
      } catch (Exception e) {
        ok = false;
        LOG.error("sql-runner: stop with savepoint of job {} failed: {}", job.getJobID(), rootMessage(e), e);
      }
    }
    return ok;
  }

  private static void closeQuietly(MiniCluster cluster) {
    try {
      cluster.closeAsync().get(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.warn("sql-runner: closing the local cluster: {}", e.toString());
    }
  }

  /** Slots: the setting, else the configured slots raised to parallelism x jobs of the script. */
  static int slots(Map<String, String> conf, List<SqlScript.Statement> statements) {
    String forced = Settings.get("runner.local.slots", "SQL_RUNNER_LOCAL_SLOTS");
    if (forced != null) return Integer.parseInt(forced);
    int configured = intOr(conf.get("taskmanager.numberOfTaskSlots"), 1);
    int parallelism = intOr(conf.get("parallelism.default"), 1);
    int jobs = 0;
    for (SqlScript.Statement s : statements) {
      if (SqlScript.isJob(s.sql)) jobs++;
      String lower = s.sql.toLowerCase(Locale.ROOT);
      if (lower.startsWith("set") && lower.contains("parallelism.default")) {
        parallelism = Math.max(parallelism, intOr(lower.replaceAll("[^0-9]", ""), parallelism));
      }
    }
    return Math.max(configured, parallelism * Math.max(1, jobs));
  }

  private static int intOr(String v, int fallback) {
    try {
      return v == null ? fallback : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.toString();
  }
}
