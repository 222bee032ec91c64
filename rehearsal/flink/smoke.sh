#!/usr/bin/env bash
# Smoke test of a locally installed Flink release (rehearsal/install/flink.sh) with the SQL runner,
# run exactly the way the rehearsal runs a FlinkDeployment's job:
#   1. smoke.sql (datagen -> blackhole + print in ONE statement set, SET statements) on a local
#      MiniCluster with a flinkConfiguration-like file: RocksDB, checkpoints every 2 s to a temp
#      dir, the Prometheus reporter on a free port, HA keys (dropped locally);
#   2. waits for RUNNING and a completed checkpoint (REST API), curls the Prometheus endpoint and
#      checks the operator / job series and their job_name label;
#   3. stops the job with a savepoint through the REST API (the runner then exits 0);
#   4. restarts from that savepoint (execution.savepoint.path on 1.x, execution.state-recovery.path
#      on 2.x), checks the REST API reports the restore;
#   5. stops it with SIGTERM and SQL_RUNNER_SAVEPOINT_ON_EXIT (savepoint taken by the runner).
#   With KAFKA_BOOTSTRAP=host:port set, also round-trips rows through kafka and upsert-kafka tables.
#
# Usage: rehearsal/flink/smoke.sh VERSION        e.g. 1.20.3, 2.2.0
# Env: TOOLS (default <repo>/.tools), JAVA (default java), KEEP=1 keeps the work dir.
set -euo pipefail
version="${1:?usage: smoke.sh VERSION}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
TOOLS="${TOOLS:-$repo/.tools}"
JAVA="${JAVA:-java}"
home="$TOOLS/flink-$version"
[ -f "$home/usrlib/sql-runner.jar" ] || { echo "smoke: $home is not installed: run rehearsal/install/flink.sh $version" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/flink-smoke-$version.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "smoke: work dir kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "smoke: FAILED: $*" >&2; [ -f "$work/run.log" ] && tail -40 "$work/run.log" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The JVM flags Flink's launch scripts pass on Java 17 (env.java.opts.all of the distribution).
JAVA17_OPENS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

case "$version" in
  1.*) restore_key=execution.savepoint.path ;;
  *) restore_key=execution.state-recovery.path ;;
esac

rest_port="$(free_port)"
prom_port="$(free_port)"
rest="http://127.0.0.1:$rest_port"

# write_conf FILE [extra "key: value" lines...]: the FlinkDeployment's flinkConfiguration, as the
# orchestrator writes it (JSON-quoted values), with local URIs, ports and the HA keys it may drop.
write_conf() {
  local file=$1; shift
  cat > "$file" <<EOF
execution.checkpointing.dir: "file://$work/state/checkpoints/smoke"
execution.checkpointing.externalized-checkpoint-retention: "RETAIN_ON_CANCELLATION"
execution.checkpointing.incremental: "true"
execution.checkpointing.interval: "2 s"
execution.checkpointing.mode: "EXACTLY_ONCE"
execution.checkpointing.savepoint-dir: "file://$work/state/savepoints/smoke"
execution.checkpointing.timeout: "1 min"
high-availability.storageDir: "s3://bucket/ha/smoke"
high-availability.type: "kubernetes"
metrics.reporter.prom.factory.class: "org.apache.flink.metrics.prometheus.PrometheusReporterFactory"
metrics.reporter.prom.port: "$prom_port"
parallelism.default: "1"
pipeline.name: "smoke"
rest.address: "127.0.0.1"
rest.bind-address: "127.0.0.1"
rest.port: "$rest_port"
restart-strategy.fixed-delay.attempts: "3"
restart-strategy.fixed-delay.delay: "2 s"
restart-strategy.type: "fixed-delay"
state.backend.type: "rocksdb"
taskmanager.numberOfTaskSlots: "1"
EOF
  for line in "$@"; do echo "$line" >> "$file"; done
}

# start LOG CONF [ENV=VALUE...]: the runner in the background, as the orchestrator starts it
start() {
  local log=$1 conf=$2; shift 2
  mkdir -p "$work/tmp"
  env SQL_RUNNER_LOCAL_CONF="$conf" "$@" \
    "$JAVA" -Xmx1g "${JAVA17_OPENS[@]}" -Djava.io.tmpdir="$work/tmp" \
    -Dlog4j.configurationFile="$home/conf/log4j2.properties" \
    -cp "$home/lib/*:$home/usrlib/sql-runner.jar" \
    dev.realtimepipeline.sqlrunner.SqlRunner "$work/job.sql" > "$log" 2>&1 &
  pid=$!
  ln -sf "$log" "$work/run.log"
}

# wait_running: prints the id of the RUNNING job and the seconds it took
wait_running() {
  local t0=$SECONDS body
  for _ in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || fail "the runner exited before its job ran"
    body="$(curl -sf "$rest/jobs/overview" || true)"
    if [ -n "$body" ]; then
      echo "$body" | json "d['jobs'][0]['state'] if d['jobs'] else ''" | grep -q FAILED && fail "job FAILED"
      local id
      id="$(echo "$body" | json "next((j['jid'] for j in d['jobs'] if j['state']=='RUNNING'), '')")"
      if [ -n "$id" ]; then echo "$id $((SECONDS - t0))"; return; fi
    fi
    sleep 0.5
  done
  fail "no RUNNING job after 120 s"
}

wait_checkpoint() {
  local id=$1
  for _ in $(seq 1 60); do
    n="$(curl -sf "$rest/jobs/$id/checkpoints" | json "d['counts']['completed']" || echo 0)"
    [ "${n:-0}" -ge 1 ] && { echo "$n"; return; }
    sleep 1
  done
  fail "no completed checkpoint after 60 s"
}

# wait_exit: waits for the runner to exit (60 s at most), sets $code to its exit code
wait_exit() {
  code=0
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && fail "the runner did not exit"
  wait "$pid" || code=$?
  pid=""
}

cp "$here/smoke.sql" "$work/job.sql"
echo "smoke: Flink $version, work dir $work, REST $rest_port, Prometheus $prom_port"

# ---- 1. first run -----------------------------------------------------------------------------
write_conf "$work/conf-1.yaml"
t0=$SECONDS
start "$work/run-1.log" "$work/conf-1.yaml"
out="$(wait_running)"; job="${out% *}"; secs="${out#* }"
echo "smoke: job $job RUNNING $secs s after the JVM started"
grep -q "local mode ignores high-availability.type" "$work/run-1.log" || fail "HA keys were not dropped"
grep -q "EmbeddedRocksDBStateBackend" "$work/run-1.log" || fail "RocksDB is not the state backend"
cps="$(wait_checkpoint "$job")"
echo "smoke: $cps checkpoint(s) completed, in $work/state/checkpoints/smoke/$job"
[ -d "$work/state/checkpoints/smoke/$job" ] || fail "no checkpoint directory"
name="$(curl -sf "$rest/jobs/$job" | json "d['name']")"
[ "$name" = "sql-runner-smoke" ] || fail "job name is '$name', the script's SET pipeline.name was not applied"

# ---- 2. Prometheus ------------------------------------------------------------------------------
# check_metrics FILE JOB_NAME_LABEL
check_metrics() {
  curl -sf "http://127.0.0.1:$prom_port/metrics" > "$1" || fail "no Prometheus endpoint on $prom_port"
  for series in flink_taskmanager_job_task_operator_numRecordsOut flink_taskmanager_job_task_operator_numRecordsIn \
                flink_jobmanager_job_uptime flink_jobmanager_job_lastCheckpointDuration; do
    grep "^$series{" "$1" | grep -q "job_name=\"$2\"" || fail "$series{job_name=\"$2\"} missing on :$prom_port"
  done
  echo "smoke: Prometheus :$prom_port serves $(grep -c '^flink_' "$1") flink_ samples, $(grep -o '^flink_[A-Za-z0-9_]*' "$1" | sort -u | wc -l) series, job_name=\"$2\""
}
sleep 2
# The reporter's default metrics.reporter.prom.filterLabelValueCharacters: true turns the job name's
# '-' into '_' in label values.
check_metrics "$work/metrics-1.txt" sql_runner_smoke
echo "smoke: print sink: $(grep -m1 '^smoke> ' "$work/run-1.log" || echo '(no row yet)')"

# ---- 3. stop with savepoint (REST) ------------------------------------------------------------
trigger="$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d "{\"targetDirectory\": \"file://$work/state/savepoints/smoke\", \"drain\": false}" \
  "$rest/jobs/$job/stop" | json "d['request-id']")"
savepoint=""
for _ in $(seq 1 120); do
  status="$(curl -sf "$rest/jobs/$job/savepoints/$trigger" || true)"
  state="$(echo "$status" | json "d['status']['id']" 2>/dev/null || true)"
  if [ "$state" = COMPLETED ]; then
    savepoint="$(echo "$status" | json "d['operation'].get('location') or ''")"
    [ -n "$savepoint" ] || fail "savepoint failed: $status"
    break
  fi
  sleep 0.5
done
[ -n "$savepoint" ] || fail "no savepoint after 60 s"
wait_exit
[ "$code" = 0 ] || fail "the runner exited $code after stop-with-savepoint"
echo "smoke: stopped with savepoint $savepoint; runner exited 0 ($((SECONDS - t0)) s for run 1)"

# ---- 4. restore from the savepoint ------------------------------------------------------------
write_conf "$work/conf-2.yaml" "$restore_key: \"$savepoint\"" 'metrics.reporter.prom.filterLabelValueCharacters: "false"' 
start "$work/run-2.log" "$work/conf-2.yaml" SQL_RUNNER_SAVEPOINT_ON_EXIT="file://$work/state/savepoints/exit"
out="$(wait_running)"; job2="${out% *}"; secs="${out#* }"
restored="$(curl -sf "$rest/jobs/$job2/checkpoints" | json "(d['latest'].get('restored') or {}).get('external_path','')")"
[ "$restored" = "$savepoint" ] || fail "job $job2 did not restore from $savepoint (restored: '$restored')"
echo "smoke: job $job2 RUNNING after ${secs} s, restored from $restored ($restore_key)"
sleep 2
check_metrics "$work/metrics-2.txt" sql-runner-smoke   # filterLabelValueCharacters: false keeps the name

# ---- 5. SIGTERM with savepoint-on-exit ---------------------------------------------------------
wait_checkpoint "$job2" > /dev/null
kill -TERM "$pid"
wait_exit
[ "$code" = 0 ] || fail "the runner exited $code on SIGTERM"
exit_sp="$(sed -n "s/.*sql-runner: savepoint $job2 //p" "$work/run-2.log" | tail -1)"
[ -n "$exit_sp" ] && [ -f "${exit_sp#file:}/_metadata" ] || fail "no savepoint taken on SIGTERM"
echo "smoke: SIGTERM -> savepoint $exit_sp, runner exited 0"
left="$(ls -A "$work/tmp" | grep -v '^flink-web-upload$' || true)"
echo "smoke: temp files left in java.io.tmpdir after the runs: ${left:-none}"

# ---- 6. Kafka (optional) ------------------------------------------------------------------------
# KAFKA_BOOTSTRAP=host:port uses a running broker; SMOKE_KAFKA=1 starts a throw-away single-node
# KRaft broker from the jars in $KAFKA_LIBS (default $TOOLS/kafka/libs) on free ports.
kafka_pid=""
stop_kafka() { if [ -n "$kafka_pid" ]; then kill "$kafka_pid" 2>/dev/null || true; wait "$kafka_pid" 2>/dev/null || true; kafka_pid=""; fi; }
trap 'stop_kafka; cleanup' EXIT
if [ -z "${KAFKA_BOOTSTRAP:-}" ] && [ "${SMOKE_KAFKA:-0}" = 1 ]; then
  libs="${KAFKA_LIBS:-$TOOLS/kafka/libs}"
  ls "$libs"/kafka_2.13-*.jar > /dev/null 2>&1 || fail "no Kafka jars in $libs"
  bport="$(free_port)"; cport="$(free_port)"
  mkdir -p "$work/kafka"
  {
    echo "process.roles=broker,controller"
    echo "node.id=1"
    echo "controller.quorum.voters=1@127.0.0.1:$cport"
    echo "listeners=PLAINTEXT://127.0.0.1:$bport,CONTROLLER://127.0.0.1:$cport"
    echo "advertised.listeners=PLAINTEXT://127.0.0.1:$bport"
    echo "controller.listener.names=CONTROLLER"
    echo "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
    echo "log.dirs=$work/kafka/data"
    echo "num.partitions=1"
    echo "offsets.topic.replication.factor=1"
    echo "transaction.state.log.replication.factor=1"
    echo "transaction.state.log.min.isr=1"
    echo "group.initial.rebalance.delay.ms=0"
  } > "$work/kafka/server.properties"
  kcp="$libs/*"
  cluster_id="$("$JAVA" -cp "$kcp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  "$JAVA" -cp "$kcp" kafka.tools.StorageTool format -t "$cluster_id" -c "$work/kafka/server.properties" \
    > "$work/kafka/format.log" 2>&1 || { cat "$work/kafka/format.log" >&2; fail "kafka storage format"; }
  "$JAVA" -Xmx512m -cp "$kcp" kafka.Kafka "$work/kafka/server.properties" > "$work/kafka/broker.log" 2>&1 &
  kafka_pid=$!
  for _ in $(seq 1 240); do
    (echo > "/dev/tcp/127.0.0.1/$bport") 2>/dev/null && break
    kill -0 "$kafka_pid" 2>/dev/null || { tail -20 "$work/kafka/broker.log" >&2; fail "the Kafka broker exited"; }
    sleep 0.5
  done
  KAFKA_BOOTSTRAP="127.0.0.1:$bport"
  echo "smoke: started a Kafka broker on $KAFKA_BOOTSTRAP"
fi
if [ -n "${KAFKA_BOOTSTRAP:-}" ]; then
  topic="smoke-${version//./-}-$$"
  sed -e "s/@BOOTSTRAP@/$KAFKA_BOOTSTRAP/g" -e "s/@TOPIC@/$topic/g" "$here/smoke-kafka.sql" > "$work/job.sql"
  write_conf "$work/conf-k.yaml"
  t0=$SECONDS
  start "$work/run-k.log" "$work/conf-k.yaml"
  for _ in $(seq 1 360); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  wait_exit
  [ "$code" = 0 ] || fail "the kafka job script exited $code"
  grep -q '^kafka-roundtrip> [+]I\[' "$work/run-k.log" || fail "no upsert-kafka rows read back from $topic-totals"
  grep -q '^kafka-roundtrip-cdc> [+]U\[1, updated\]' "$work/run-k.log" && grep -q '^kafka-roundtrip-cdc> -D\[2, gone\]' "$work/run-k.log" \
    || fail "debezium-json changes not read back from $topic-cdc"
  echo "smoke: kafka/json -> upsert-kafka -> print and debezium-json -> print through $KAFKA_BOOTSTRAP in $((SECONDS - t0)) s:" \
    "$(grep -c '^kafka-roundtrip> ' "$work/run-k.log") upsert rows, $(grep -c '^kafka-roundtrip-cdc> ' "$work/run-k.log") changelog rows"
  stop_kafka
fi
echo "smoke: Flink $version OK"
