#!/usr/bin/env bash
# Smoke test of the rehearsal's Kafka engines, on real processes (no containers):
#   KRaft cluster (1 or 3 combined broker+controller nodes) -> Connect distributed worker with the
#   Debezium MySQL + Postgres 3.1.2 plugins (fetched like Strimzi spec.build), the JMX exporter agent
#   and `config.providers=secrets` (DirectoryConfigProvider) -> end-to-end CDC from a throwaway
#   MariaDB (Debezium MySQL connector) and PostgreSQL (Postgres connector, pgoutput), each password
#   given as ${secrets:NAMESPACE/NAME:KEY} as in the synthesized KafkaConnector manifests.
#   CDC needs Debian's mariadb-server / postgresql (skipped when absent, or with --no-cdc / --no-pg).
#
# usage: rehearsal/kafka/smoke.sh [--brokers 1|3] [--no-cdc] [--no-pg] [--keep]
#   env: TOOLS (default <repo>/.tools; run rehearsal/install/kafka.sh first),
#        BROKER_JVM_OPTS, CONNECT_JVM_OPTS, TOOL_JVM_OPTS, JAVA (default java),
#        CONNECT_PLUGIN_DISCOVERY (worker plugin.discovery, default hybrid_warn = Kafka's default)
# Everything lives in a fresh temp dir with ports chosen at run time; exactly the processes this
# script started are stopped on exit (PIDs tracked). Exit 0 only if every check passed.
set -Eeuo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
TOOLS="${TOOLS:-$repo/.tools}"
export TOOLS
JAVA="${JAVA:-java}"
BROKERS=1; CDC=auto; PG=auto; KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --brokers) BROKERS="$2"; shift 2 ;;
    --no-cdc) CDC=no; PG=no; shift ;;
    --no-pg) PG=no; shift ;;
    --cdc) CDC=yes; shift ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: $0 [--brokers 1|3] [--no-cdc|--cdc] [--no-pg] [--keep]" >&2; exit 2 ;;
  esac
done
case "$BROKERS" in 1|3) ;; *) echo "--brokers must be 1 or 3" >&2; exit 2 ;; esac
DEBEZIUM_VERSION=3.1.2.Final
MYSQL_PLUGIN_URL="https://repo1.maven.org/maven2/io/debezium/debezium-connector-mysql/$DEBEZIUM_VERSION/debezium-connector-mysql-$DEBEZIUM_VERSION-plugin.tar.gz"
PG_PLUGIN_URL="https://repo1.maven.org/maven2/io/debezium/debezium-connector-postgres/$DEBEZIUM_VERSION/debezium-connector-postgres-$DEBEZIUM_VERSION-plugin.tar.gz"
BROKER_JVM_OPTS="${BROKER_JVM_OPTS:--Xms64m -Xmx384m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}"
CONNECT_JVM_OPTS="${CONNECT_JVM_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}"
TOOL_JVM_OPTS="${TOOL_JVM_OPTS:--Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
CP="$TOOLS/kafka/libs/*"
LOG4J="-Dlog4j2.configurationFile=$TOOLS/kafka/log4j2.properties"
[ -f "$TOOLS/kafka/libs/.installed" ] || { echo "smoke: Kafka not installed in $TOOLS/kafka: run rehearsal/install/kafka.sh" >&2; exit 1; }

W="$(mktemp -d /tmp/kafka-smoke.XXXXXX)"
T0=$(date +%s%N)
PIDS=(); NAMES=()
ok=0
exec 9>&1   # progress goes to fd 9, so it shows even from checks whose output wait_for discards
say() { printf '[smoke %6.1fs] %s\n' "$(( ($(date +%s%N) - T0) / 1000000 ))e-3" "$*" >&9; }
pass() { say "PASS $*"; }
fail() { say "FAIL $*"; exit 1; }
elapsed_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }

# start NAME LOGFILE CWD CMD...   (background; the PID is the command's own, no wrapper shell;
# CMD may be a function that execs)
start() {
  local name=$1 log=$2 cwd=$3; shift 3
  (cd "$cwd" && if declare -F "$1" >/dev/null; then "$@"; else exec "$@"; fi) >"$log" 2>&1 9>&- &
  PIDS+=("$!"); NAMES+=("$name")
  say "started $name (pid $!)"
}
alive() { kill -0 "$1" 2>/dev/null; }
# setpriv_or_exec CMD...: CMD as the postgres user when root (setpriv execs: same PID), else CMD
setpriv_or_exec() { if [ "$(id -u)" -eq 0 ]; then exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else exec "$@"; fi; }
mem_report() {
  local i
  for i in "${!PIDS[@]}"; do
    alive "${PIDS[$i]}" && printf '  %-10s pid %-7s RSS %5s MiB\n' "${NAMES[$i]}" "${PIDS[$i]}" "$(( $(ps -o rss= -p "${PIDS[$i]}") / 1024 ))"
  done
}
# stop_where GLOB: SIGTERM every tracked process whose name matches, wait up to 30 s, then SIGKILL
stop_where() {
  local i p sel=()
  for i in "${!PIDS[@]}"; do
    # shellcheck disable=SC2053
    [[ "${NAMES[$i]}" == $1 ]] && alive "${PIDS[$i]}" && { kill -TERM "${PIDS[$i]}" 2>/dev/null || true; sel+=("${PIDS[$i]}"); }
  done
  for p in "${sel[@]}"; do
    for _ in $(seq 1 60); do alive "$p" || break; sleep 0.5; done
    alive "$p" && { say "pid $p ignored SIGTERM for 30s: SIGKILL"; kill -KILL "$p" 2>/dev/null || true; }
    wait "$p" 2>/dev/null || true
  done
  return 0
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # Connect first (it needs the brokers to shut down cleanly), then all brokers together (a lone
  # KRaft node waits for a quorum that is gone), then the database.
  stop_where connect; stop_where 'kafka-*'; stop_where '*'
  if [ "$rc" -ne 0 ] || [ "$ok" -ne 1 ]; then
    say "logs kept in $W"; for f in "$W"/*.log "$W"/*/*.log; do [ -f "$f" ] && [[ "$f" != */install.log && "$f" != */format.log ]] && { echo "--- tail $f"; tail -n 25 "$f"; }; done
    [ "$rc" -eq 0 ] && rc=1
  elif [ "$KEEP" -eq 1 ]; then say "kept $W"; else rm -rf "$W"; fi
  say "exit $rc"
  exit "$rc"
}
trap cleanup EXIT
trap 'say "FAIL (line $LINENO): $BASH_COMMAND"' ERR
trap 'exit 130' INT TERM

# free_ports N: N distinct free TCP ports on 127.0.0.1 (bound together, then released)
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))
EOF
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# wait_for WHAT TIMEOUT_S CMD...: poll CMD every second; fail when a started process died
wait_for() {
  local what=$1 timeout=$2; shift 2
  local t=$(date +%s%N) i
  while ! "$@" >/dev/null 2>&1; do
    for i in "${!PIDS[@]}"; do alive "${PIDS[$i]}" || fail "${NAMES[$i]} (pid ${PIDS[$i]}) died while waiting for $what"; done
    [ "$(elapsed_since "$t")" -lt $(( timeout * 1000 )) ] || fail "timed out after ${timeout}s waiting for $what"
    sleep 1
  done
  say "ready: $what after $(elapsed_since "$t") ms"
}
tool() { KAFKA_LOG_LEVEL=WARN "$JAVA" $TOOL_JVM_OPTS "$LOG4J" -cp "$CP" "$@"; }

# ---------------------------------------------------------------- a. KRaft cluster
read -r -a P <<<"$(free_ports $(( BROKERS * 2 + 4 )))"
BROKER_PORTS=("${P[@]:0:BROKERS}"); CTRL_PORTS=("${P[@]:BROKERS:BROKERS}")
REST_PORT=${P[$((BROKERS*2))]}; METRICS_PORT=${P[$((BROKERS*2+1))]}; DB_PORT=${P[$((BROKERS*2+2))]}; PG_PORT=${P[$((BROKERS*2+3))]}
VOTERS=""; BOOTSTRAP=""
for i in $(seq 1 "$BROKERS"); do
  VOTERS+="${VOTERS:+,}$i@127.0.0.1:${CTRL_PORTS[$((i-1))]}"
  BOOTSTRAP+="${BOOTSTRAP:+,}127.0.0.1:${BROKER_PORTS[$((i-1))]}"
done
RF=$BROKERS; MINISR=$(( BROKERS > 1 ? 2 : 1 ))
CLUSTER_ID="$("$JAVA" $TOOL_JVM_OPTS -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
say "work dir $W; cluster $CLUSTER_ID; brokers $BOOTSTRAP; controllers $VOTERS"
t_format=$(date +%s%N)
for i in $(seq 1 "$BROKERS"); do
  d="$W/node-$i"; mkdir -p "$d"
  cat >"$d/server.properties" <<EOF
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$VOTERS
listeners=PLAINTEXT://127.0.0.1:${BROKER_PORTS[$((i-1))]},CONTROLLER://127.0.0.1:${CTRL_PORTS[$((i-1))]}
advertised.listeners=PLAINTEXT://127.0.0.1:${BROKER_PORTS[$((i-1))]}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$d/data
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=$RF
min.insync.replicas=$MINISR
offsets.topic.replication.factor=$RF
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=$RF
transaction.state.log.min.isr=$MINISR
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=$RF
share.coordinator.state.topic.min.isr=$MINISR
group.initial.rebalance.delay.ms=0
log.segment.bytes=16777216
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
EOF
  "$JAVA" $TOOL_JVM_OPTS "$LOG4J" -cp "$CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$d/server.properties" >"$d/format.log" 2>&1 \
    || fail "format node $i: $(tail -3 "$d/format.log")"
done
say "formatted $BROKERS node(s) in $(elapsed_since "$t_format") ms"
t_kafka=$(date +%s%N)
for i in $(seq 1 "$BROKERS"); do
  start "kafka-$i" "$W/node-$i/kafka.log" "$W/node-$i" "$JAVA" $BROKER_JVM_OPTS "$LOG4J" -cp "$CP" kafka.Kafka "$W/node-$i/server.properties"
done
all_ports_open() { local p; for p in "${BROKER_PORTS[@]}"; do port_open "$p" || return 1; done; }
wait_for "broker ports" 180 all_ports_open
# Ready = the cluster accepts a topic with replication factor $RF (all brokers registered).
create_topic() { tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" --partitions "${2:-1}" --replication-factor "$RF" --config "min.insync.replicas=$MINISR"; }
wait_for "cluster of $BROKERS accepting RF=$RF topics" 180 create_topic smoke.rf
KAFKA_READY_MS=$(elapsed_since "$t_kafka")
desc="$(tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --describe --topic smoke.rf)"
echo "$desc" | grep -q "ReplicationFactor: $RF" || fail "smoke.rf: RF is not $RF: $desc"
echo "$desc" | grep -q "min.insync.replicas=$MINISR" || fail "smoke.rf: min.insync.replicas is not $MINISR: $desc"
isr=$(echo "$desc" | sed -n 's/.*Isr: \([0-9,]*\).*/\1/p' | head -1)
[ "$(echo "$isr" | tr ',' '\n' | grep -c .)" -eq "$RF" ] || fail "smoke.rf ISR is '$isr', want $RF replicas"
pass "topic smoke.rf RF=$RF min.insync.replicas=$MINISR ISR=[$isr] (cluster ready ${KAFKA_READY_MS} ms after start)"
printf 'k1:hello\nk2:world\n' | tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$BOOTSTRAP" --topic smoke.rf \
  --producer-property acks=all --property parse.key=true --property key.separator=: >/dev/null || fail "produce with acks=all"
got="$(tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$BOOTSTRAP" --topic smoke.rf --from-beginning \
  --max-messages 2 --timeout-ms 30000 --property print.key=true 2>/dev/null | tr '\t' ':' | sort | tr '\n' ' ')"
[ "$got" = "k1:hello k2:world " ] || fail "consume smoke.rf: got '$got'"
pass "produce (acks=all) / consume round trip"

# ---------------------------------------------------------------- b. Connect worker
t_plugins=$(date +%s%N)
"$here/fetch-plugin.sh" "$MYSQL_PLUGIN_URL" "" "$W/plugins/debezium-connector-mysql"
"$here/fetch-plugin.sh" "$PG_PLUGIN_URL" "" "$W/plugins/debezium-connector-postgres"
say "plugins fetched+unpacked in $(elapsed_since "$t_plugins") ms"
# Strimzi's KubernetesSecretConfigProvider -> DirectoryConfigProvider. ${secrets:streaming/mysql-cdc:password}
# has a RELATIVE path: it resolves against the worker's working directory, so the worker runs with
# cwd=$W/secrets and no allowed.paths (allowed.paths rejects relative paths). Provider "abs" shows the
# alternative: allowed.paths=<root> + placeholders rewritten to absolute paths.
SECRETS="$W/secrets"
mkdir -p "$SECRETS/streaming/mysql-cdc"; chmod 700 "$SECRETS"
printf '%s' 'Dbz-s3cr3t' >"$SECRETS/streaming/mysql-cdc/password"   # no trailing newline: the file is the value
cat >"$W/connect-distributed.properties" <<EOF
bootstrap.servers=$BOOTSTRAP
group.id=smoke-connect
config.storage.topic=smoke-connect-configs
offset.storage.topic=smoke-connect-offsets
status.storage.topic=smoke-connect-status
config.storage.replication.factor=$RF
offset.storage.replication.factor=$RF
status.storage.replication.factor=$RF
offset.storage.partitions=5
status.storage.partitions=1
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
plugin.path=$W/plugins
listeners=http://127.0.0.1:$REST_PORT
rest.advertised.host.name=127.0.0.1
rest.advertised.port=$REST_PORT
offset.flush.interval.ms=1000
topic.creation.enable=false
plugin.discovery=${CONNECT_PLUGIN_DISCOVERY:-hybrid_warn}
config.providers=secrets,abs
config.providers.secrets.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
config.providers.abs.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
config.providers.abs.param.allowed.paths=$SECRETS
EOF
# The JMX exporter rules the library emits for a KafkaConnect (lib/cdc/private/connect-metrics.ts).
(cd "$repo" && npx ts-node --swc -e "process.stdout.write(require('./lib/cdc/private/connect-metrics').CONNECT_METRICS_RULES)") > "$W/connect-metrics.yaml"
t_connect=$(date +%s%N)
start connect "$W/connect.log" "$SECRETS" "$JAVA" $CONNECT_JVM_OPTS \
  "-javaagent:$TOOLS/kafka/jmx_prometheus_javaagent.jar=127.0.0.1:$METRICS_PORT:$W/connect-metrics.yaml" \
  "$LOG4J" -cp "$CP" org.apache.kafka.connect.cli.ConnectDistributed "$W/connect-distributed.properties"
REST="http://127.0.0.1:$REST_PORT"
wait_for "Connect REST /connector-plugins" 300 curl -fsS "$REST/connector-plugins"
CONNECT_READY_MS=$(elapsed_since "$t_connect")

# ---------------------------------------------------------------- c. plugins and metrics
plugins="$(curl -fsS "$REST/connector-plugins")"
for c in io.debezium.connector.mysql.MySqlConnector io.debezium.connector.postgresql.PostgresConnector; do
  echo "$plugins" | grep -q "\"class\":\"$c\"" || fail "/connector-plugins lacks $c: $plugins"
done
pass "/connector-plugins lists MySqlConnector and PostgresConnector ($DEBEZIUM_VERSION) after ${CONNECT_READY_MS} ms"
# the group has joined when the worker reports itself (GET / works earlier than the herder)
wait_for "Connect herder (GET /connectors)" 120 curl -fsS "$REST/connectors"
for t in smoke-connect-configs smoke-connect-offsets smoke-connect-status; do
  tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --describe --topic "$t" | grep -q "ReplicationFactor: $RF" \
    || fail "Connect internal topic $t does not have RF=$RF"
done
pass "Connect internal topics have RF=$RF"
metrics="$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics")"
n=$(echo "$metrics" | grep -c '^kafka_connect_' || true)
[ "$n" -gt 0 ] || fail "JMX exporter on :$METRICS_PORT serves no kafka_connect_ metrics"
pass "JMX exporter :$METRICS_PORT serves $n kafka_connect_* samples"
mem_report

# connector_running NAME: connector and all its tasks RUNNING (fails the smoke at once on FAILED)
connector_running() {
  local s; s="$(curl -fsS "$REST/connectors/$1/status")" || return 1
  echo "$s" | grep -q '"state":"FAILED"' && { echo "$s" >"$W/status-failed.json"; fail "connector $1 FAILED: $(head -c 1500 "$W/status-failed.json")"; }
  echo "$s" | python3 -c 'import json,sys; s=json.load(sys.stdin); sys.exit(0 if s["connector"]["state"]=="RUNNING" and s["tasks"] and all(t["state"]=="RUNNING" for t in s["tasks"]) else 1)'
}
# streaming TOPIC_PREFIX: RUNNING is not "streaming": rows written before the snapshot reads the table
# come out as snapshot reads (op r). Debezium's own gauges (through the exporter) tell when it streams.
streaming() {
  local m; m="$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics")" || return 1
  echo "$m" | grep -q "^debezium_metrics_SnapshotCompleted{.*context=\"snapshot\".*name=\"$1\".*} 1\\.0\|^debezium_metrics_SnapshotCompleted{.*name=\"$1\".*context=\"snapshot\".*} 1\\.0" &&
    echo "$m" | grep -q "^debezium_metrics_Connected{.*context=\"streaming\".*name=\"$1\".*} 1\\.0\|^debezium_metrics_Connected{.*name=\"$1\".*context=\"streaming\".*} 1\\.0"
}

# ---------------------------------------------------------------- d. end-to-end CDC (MariaDB)
if [ "$CDC" = auto ]; then command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] && CDC=yes || CDC=no; fi
if [ "$CDC" = yes ]; then
  MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
  M="$W/mariadb"; mkdir -p "$M"
  t_db=$(date +%s%N)
  mariadb-install-db --no-defaults --datadir="$M/data" --user="$(id -un)" --auth-root-authentication-method=normal \
    --skip-test-db >"$M/install.log" 2>&1 || fail "mariadb-install-db: $(tail -3 "$M/install.log")"
  start mariadb "$M/mariadbd.log" "$M" "$MARIADBD" --no-defaults --datadir="$M/data" --user="$(id -un)" \
    --port="$DB_PORT" --bind-address=127.0.0.1 --socket="$M/mysqld.sock" --pid-file="$M/mysqld.pid" \
    --log-bin="$M/data/binlog" --binlog-format=ROW --binlog-row-image=FULL --server-id=1 \
    --skip-name-resolve --innodb-buffer-pool-size=32M --performance-schema=OFF
  sql() { mariadb --no-defaults -uroot -S "$M/mysqld.sock" "$@"; }
  wait_for "MariaDB" 60 sql -e 'SELECT 1'
  sql <<EOF
CREATE DATABASE inventory;
CREATE TABLE inventory.orders (id INT PRIMARY KEY AUTO_INCREMENT, item VARCHAR(64) NOT NULL, qty INT NOT NULL);
INSERT INTO inventory.orders (item, qty) VALUES ('seed', 1);
CREATE USER 'debezium'@'%' IDENTIFIED BY 'Dbz-s3cr3t';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, LOCK TABLES ON *.* TO 'debezium'@'%';
EOF
  say "MariaDB up on :$DB_PORT in $(elapsed_since "$t_db") ms"
  # the connector's topics (topic.creation.enable=false and no broker auto-create, as with Terraform-made topics)
  for t in cdc.inventory.orders; do create_topic "$t" >/dev/null || fail "create topic $t"; done
  conn_json() {  # conn_json PASSWORD_VALUE
    cat <<EOF
{"name":"mysql-cdc","connector.class":"io.debezium.connector.mysql.MySqlConnector","tasks.max":"1",
 "database.hostname":"127.0.0.1","database.port":"$DB_PORT","database.user":"debezium",
 "database.password":"$1","database.server.id":"5401","topic.prefix":"cdc",
 "database.include.list":"inventory","table.include.list":"inventory\\\\.orders","include.schema.changes":"false",
 "schema.history.internal.kafka.bootstrap.servers":"$BOOTSTRAP",
 "schema.history.internal.kafka.topic":"cdc.schema-history","snapshot.mode":"initial"}
EOF
  }
  # validate resolves config providers and Debezium test-connects: 0 errors <=> the password resolved
  # (validate needs "name" in the body, else error_count is 1 for the missing name)
  validate_errors() {
    curl -fsS -X PUT -H 'Content-Type: application/json' --data "$(conn_json "$1")" \
      "$REST/connector-plugins/io.debezium.connector.mysql.MySqlConnector/config/validate" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["error_count"])'
  }
  e1=$(validate_errors '${secrets:streaming/mysql-cdc:password}')
  e2=$(validate_errors "\${abs:$SECRETS/streaming/mysql-cdc:password}")
  e3=$(validate_errors '${abs:streaming/mysql-cdc:password}')
  [ "$e1" = 0 ] || fail "validate with \${secrets:streaming/mysql-cdc:password} (cwd-relative): $e1 errors"
  [ "$e2" = 0 ] || fail "validate with \${abs:<root>/streaming/mysql-cdc:password} (allowed.paths): $e2 errors"
  [ "$e3" != 0 ] || fail "validate with relative path under allowed.paths should fail, got 0 errors"
  pass "secrets: relative placeholder via worker cwd OK; absolute placeholder + allowed.paths OK; relative + allowed.paths unresolved (expected)"
  t_conn=$(date +%s%N)
  code=$(curl -sS -o "$W/put.json" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    --data "$(conn_json '${secrets:streaming/mysql-cdc:password}')" "$REST/connectors/mysql-cdc/config")
  [ "$code" = 201 ] || [ "$code" = 200 ] || fail "PUT /connectors/mysql-cdc/config: HTTP $code $(cat "$W/put.json")"
  grep -q 'secrets:streaming/mysql-cdc:password' "$W/put.json" || fail "stored config should keep the placeholder, not the secret"
  wait_for "connector mysql-cdc RUNNING" 180 connector_running mysql-cdc
  wait_for "Debezium (mysql-cdc) snapshot completed and streaming connected" 180 streaming cdc
  sql -e "INSERT INTO inventory.orders (item, qty) VALUES ('widget', 7)"
  out="$(tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$BOOTSTRAP" --topic cdc.inventory.orders \
    --from-beginning --max-messages 2 --timeout-ms 120000 --isolation-level read_committed 2>/dev/null)"
  echo "$out" | python3 -c '
import json, sys
evs = [json.loads(l)["payload"] for l in sys.stdin if l.strip()]
ops = [(e["op"], e["after"]["item"]) for e in evs]
print(ops)
sys.exit(0 if ("r", "seed") in ops and ("c", "widget") in ops else 1)' || fail "change events: $out"
  CDC_MS=$(elapsed_since "$t_conn")
  pass "CDC end to end: snapshot row + inserted row on cdc.inventory.orders ($CDC_MS ms from PUT)"
  sleep 2  # let the exporter see the task metrics
  metrics="$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics")"
  echo "$metrics" | grep -q '^kafka_connect_connector_status{connector="mysql-cdc",status="running",} 1.0\|^kafka_connect_connector_status{connector="mysql-cdc",status="running"} 1.0' \
    || fail "no kafka_connect_connector_status{connector=\"mysql-cdc\",status=\"running\"} 1: $(echo "$metrics" | grep connector_status)"
  echo "$metrics" | grep -q '^kafka_connect_connector_task_status{connector="mysql-cdc",.*status="running"' || fail "no kafka_connect_connector_task_status"
  echo "$metrics" | grep -q '^debezium_metrics_MilliSecondsBehindSource{.*context="streaming".*name="cdc"' \
    || echo "$metrics" | grep -q '^debezium_metrics_MilliSecondsBehindSource{.*name="cdc".*context="streaming"' \
    || fail "no debezium_metrics_MilliSecondsBehindSource{context=streaming,name=cdc}: $(echo "$metrics" | grep -i behind)"
  pass "metrics: kafka_connect_connector_status, kafka_connect_connector_task_status, debezium_metrics_MilliSecondsBehindSource"
  tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --describe --topic cdc.schema-history >"$W/schema-history.txt" 2>&1 \
    && say "note: Debezium created its schema history topic itself: $(grep -o 'ReplicationFactor: [0-9]*' "$W/schema-history.txt")"
fi

# ---------------------------------------------------------------- d2. end-to-end CDC (PostgreSQL, pgoutput)
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ "$PG" = auto ]; then
  PG=no
  if [ "$CDC" = yes ] && [ -x "$PG_BIN/initdb" ]; then { [ "$(id -u)" -ne 0 ] || id postgres >/dev/null 2>&1; } && PG=yes; fi
fi
if [ "$PG" = yes ]; then
  # PostgreSQL refuses to run as root: as root, run it as the postgres user with setpriv, which execs
  # (no wrapper process), so the tracked PID is the postmaster's own.
  as_pg() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
  G="$W/postgres"; mkdir -p "$G"; chmod 711 "$W"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$G"; fi
  t_pg=$(date +%s%N)
  as_pg "$PG_BIN/initdb" -D "$G/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync -E UTF8 --locale=C \
    >"$G/initdb.log" 2>&1 || fail "initdb: $(tail -3 "$G/initdb.log")"
  start postgres "$G/postgres.log" "$G" setpriv_or_exec "$PG_BIN/postgres" -D "$G/data" -p "$PG_PORT" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$G" -c wal_level=logical -c max_wal_senders=4 -c max_replication_slots=4 \
    -c shared_buffers=32MB -c fsync=off
  psql_() { as_pg psql -h "$G" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
  wait_for "PostgreSQL" 60 psql_ -c 'SELECT 1'
  psql_ <<'SQL'
CREATE ROLE debezium WITH LOGIN REPLICATION PASSWORD 'Pg-s3cr3t';
CREATE DATABASE logistics;
\c logistics
CREATE TABLE public.shipments (id SERIAL PRIMARY KEY, status TEXT NOT NULL);
INSERT INTO public.shipments (status) VALUES ('seed');
GRANT SELECT ON public.shipments TO debezium;
CREATE PUBLICATION dbz_smoke FOR TABLE public.shipments;
SQL
  say "PostgreSQL up on :$PG_PORT in $(elapsed_since "$t_pg") ms"
  mkdir -p "$SECRETS/streaming/pg-cdc"; printf '%s' 'Pg-s3cr3t' >"$SECRETS/streaming/pg-cdc/password"
  create_topic pg.public.shipments >/dev/null || fail "create topic pg.public.shipments"
  t_pgc=$(date +%s%N)
  pg_json='{"connector.class":"io.debezium.connector.postgresql.PostgresConnector","tasks.max":"1",
 "database.hostname":"127.0.0.1","database.port":"PG_PORT","database.user":"debezium",
 "database.password":"${secrets:streaming/pg-cdc:password}","database.dbname":"logistics","topic.prefix":"pg",
 "plugin.name":"pgoutput","publication.name":"dbz_smoke","publication.autocreate.mode":"disabled",
 "slot.name":"debezium_smoke","slot.drop.on.stop":"false","table.include.list":"public\\.shipments",
 "snapshot.mode":"initial","include.schema.changes":"false"}'
  code=$(curl -sS -o "$W/put-pg.json" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    --data "${pg_json/PG_PORT/$PG_PORT}" "$REST/connectors/pg-cdc/config")
  [ "$code" = 201 ] || [ "$code" = 200 ] || fail "PUT /connectors/pg-cdc/config: HTTP $code $(cat "$W/put-pg.json")"
  wait_for "connector pg-cdc RUNNING" 180 connector_running pg-cdc
  wait_for "Debezium (pg-cdc) snapshot completed and streaming connected" 180 streaming pg
  psql_ -d logistics -c "INSERT INTO public.shipments (status) VALUES ('shipped')"
  out="$(tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$BOOTSTRAP" --topic pg.public.shipments \
    --from-beginning --max-messages 2 --timeout-ms 120000 --isolation-level read_committed 2>/dev/null)"
  echo "$out" | python3 -c '
import json, sys
evs = [json.loads(l)["payload"] for l in sys.stdin if l.strip()]
ops = [(e["op"], e["after"]["status"]) for e in evs]
print(ops)
sys.exit(0 if ("r", "seed") in ops and ("c", "shipped") in ops else 1)' || fail "pg change events: $out"
  PG_CDC_MS=$(elapsed_since "$t_pgc")
  pass "Postgres CDC end to end: snapshot row + inserted row on pg.public.shipments ($PG_CDC_MS ms from PUT)"
fi

say "memory:"; mem_report
say "timings: kafka ready ${KAFKA_READY_MS} ms; connect ready ${CONNECT_READY_MS} ms; mysql cdc ${CDC_MS:-n/a} ms; pg cdc ${PG_CDC_MS:-n/a} ms; total $(elapsed_since "$T0") ms"
ok=1
say "ALL CHECKS PASSED (brokers=$BROKERS cdc=$CDC pg=$PG)"
