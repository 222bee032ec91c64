package dev.realtimepipeline.sqlrunner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Flink SQL script: {@code SqlRunner /opt/flink/sql/job.sql}, the {@code job.args} of the
 * FlinkDeployments cdktf-realtime-pipeline renders ({@code jarURI:
 * local:///opt/flink/usrlib/sql-runner.jar}). Each statement of the script ({@link SqlScript}: an
 * {@code EXECUTE STATEMENT SET BEGIN ... END} block is one) goes to {@code executeSql} in order.
 *
 * <p>On a cluster (the Flink Kubernetes Operator's application mode) the table environment is
 * {@code TableEnvironment.create(EnvironmentSettings.inStreamingMode())}: the cluster's
 * configuration and the operator's context environment decide everything.
 *
 * <p>Locally ({@link LocalCluster}): with the environment variable {@code SQL_RUNNER_LOCAL_CONF} (or
 * the system property {@code runner.local.conf}) naming a Flink configuration file, or with {@code
 * SQL_RUNNER_LOCAL=true} ({@code -Drunner.local=true}) for defaults, the runner starts a MiniCluster
 * in this JVM with that configuration, submits the jobs to it and waits for them to end.
 */
public final class SqlRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SqlRunner.class);

  private SqlRunner() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: SqlRunner <script.sql>");
      System.exit(2);
    }
    String script = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
    List<SqlScript.Statement> statements = SqlScript.parse(script);
    LOG.info("sql-runner: {} has {} statement(s)", args[0], statements.size());
    String localConf = Settings.get("runner.local.conf", "SQL_RUNNER_LOCAL_CONF");
    boolean local = localConf != null || Boolean.parseBoolean(Settings.get("runner.local", "SQL_RUNNER_LOCAL"));
    if (local) {
      System.exit(LocalCluster.run(statements, localConf == null ? null : Paths.get(localConf)));
    }
    TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    execute(tableEnv, statements, new ArrayList<>());
  }

  private static final Pattern SET = Pattern.compile("^SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern RESET = Pattern.compile("^RESET(?:\\s+'((?:[^']|'')*)')?$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /**
   * Runs the statements in order; adds the clients of the jobs they start to {@code jobs} (under its
   * lock) as they start. {@code SET 'k' = 'v'} and {@code RESET ['k']} change the table configuration
   * here: {@code executeSql} rejects them (they are SQL-client commands).
   */
  static void execute(TableEnvironment tableEnv, List<SqlScript.Statement> statements, List<JobClient> jobs) {
    Set<String> setKeys = new LinkedHashSet<>();
    int i = 0;
    for (SqlScript.Statement statement : statements) {
      i++;
      LOG.info("sql-runner: statement {}/{} (line {}):\n{}", i, statements.size(), statement.line, statement.sql);
      Matcher set = SET.matcher(statement.sql.trim());
      if (set.matches()) {
        String key = set.group(1).replace("''", "'");
        tableEnv.getConfig().set(key, set.group(2).replace("''", "'"));
        setKeys.add(key);
        continue;
      }
      Matcher reset = RESET.matcher(statement.sql.trim());
      if (reset.matches()) {
        if (reset.group(1) != null) {
          tableEnv.getConfig().getConfiguration().removeKey(reset.group(1).replace("''", "'"));
        } else {
          for (String key : setKeys) tableEnv.getConfig().getConfiguration().removeKey(key);
          setKeys.clear();
        }
        continue;
      }
      if (statement.sql.trim().equalsIgnoreCase("SET")) {
        tableEnv.getConfig().getConfiguration().toMap().forEach((k, v) -> System.out.println("'" + k + "' = '" + v + "'"));
        continue;
      }
      TableResult result;
      try {
        result = tableEnv.executeSql(statement.sql);
      } catch (RuntimeException e) {
        throw new IllegalStateException("statement " + i + " (line " + statement.line + ") failed: " + e.getMessage(), e);
      }
      Optional<JobClient> job = result.getJobClient();
      if (job.isPresent()) {
        LOG.info("sql-runner: statement {} started job {}", i, job.get().getJobID());
        synchronized (jobs) {
          jobs.add(job.get());
        }
      } else if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
        result.print(); // SHOW / DESCRIBE / EXPLAIN: their answer goes to stdout
      }
    }
  }
}
