#!/usr/bin/env bash
# Installs Kafka (broker/KRaft controller, Connect, tools) and the Prometheus JMX exporter agent for
# the local rehearsal into $TOOLS/kafka (default <repo>/.tools/kafka), from Maven Central only:
#   $TOOLS/kafka/libs/*.jar                  java -cp "$TOOLS/kafka/libs/*" kafka.Kafka | ConnectDistributed | tools
#   $TOOLS/kafka/jmx_prometheus_javaagent.jar -javaagent:...=[HOST:]PORT:rules.yaml
#   $TOOLS/kafka/log4j2.properties           -Dlog4j2.configurationFile=...
# Debezium plugins are not installed here: rehearsal/kafka/fetch-plugin.sh fetches them at run time
# the way Strimzi's KafkaConnect spec.build does. Idempotent: a marker file records what is installed.
KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"            # org.apache.kafka:kafka_2.13 and connect-*
LOG4J_VERSION="${LOG4J_VERSION:-2.24.3}"           # the log4j2 Kafka 4.1 ships with
JMX_EXPORTER_VERSION="${JMX_EXPORTER_VERSION:-1.0.1}"  # io.prometheus.jmx:jmx_prometheus_javaagent (newest 1.x on Central)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
TOOLS="${TOOLS:-$repo/.tools}"
pom_dir="$repo/rehearsal/kafka"
# mvn -q: only errors; Debian's Maven 3.8.7 still prints bare ANSI resets, so output is shown on failure only
mvn_q() {
  local out
  if ! out="$(cd "$pom_dir" && mvn -q -B -Dstyle.color=never "$@" 2>&1)"; then
    printf '%s\n' "$out" >&2; echo "install/kafka: mvn $* failed" >&2; exit 1
  fi
}
say() { printf 'install/kafka: %s\n' "$*"; }
command -v mvn >/dev/null || { echo "install/kafka: mvn not found" >&2; exit 1; }
command -v java >/dev/null || { echo "install/kafka: java not found" >&2; exit 1; }
mkdir -p "$TOOLS/kafka" "$TOOLS/cache"
trap 'rm -rf "$TOOLS/kafka/libs.tmp.$$" "$TOOLS/kafka/agent.tmp.$$"' EXIT   # half-done downloads never stay

# 1. Kafka jars. The marker holds the versions and a hash of the pom, so editing either reinstalls.
want="kafka=$KAFKA_VERSION log4j=$LOG4J_VERSION pom=$(sha256sum "$pom_dir/pom.xml" | cut -c1-16)"
marker="$TOOLS/kafka/libs/.installed"
if [ "$(cat "$marker" 2>/dev/null)" != "$want" ]; then
  say "resolving Kafka $KAFKA_VERSION with Maven"
  tmp="$TOOLS/kafka/libs.tmp.$$"
  rm -rf "$tmp"
  mvn_q dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION" -Dlog4j.version="$LOG4J_VERSION" \
    -DincludeScope=runtime -DoutputDirectory="$tmp"
  [ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ] && [ -f "$tmp/connect-runtime-$KAFKA_VERSION.jar" ] \
    || { echo "install/kafka: Kafka jars missing after Maven" >&2; exit 1; }
  echo "$want" > "$tmp/.installed"
  rm -rf "$TOOLS/kafka/libs"; mv "$tmp" "$TOOLS/kafka/libs"   # swap in whole: never a half-filled libs/
else
  say "Kafka $KAFKA_VERSION already installed"
fi
echo "$KAFKA_VERSION" > "$TOOLS/kafka/version"

# 2. Prometheus JMX exporter java agent.
agent="$TOOLS/kafka/jmx_prometheus_javaagent.jar"
if [ "$(cat "$agent.version" 2>/dev/null)" != "$JMX_EXPORTER_VERSION" ] || ! [ -s "$agent" ]; then
  say "fetching jmx_prometheus_javaagent $JMX_EXPORTER_VERSION"
  tmp="$TOOLS/kafka/agent.tmp.$$"; rm -rf "$tmp"
  mvn_q dependency:copy -Dartifact="io.prometheus.jmx:jmx_prometheus_javaagent:$JMX_EXPORTER_VERSION" -DoutputDirectory="$tmp"
  mv "$tmp/jmx_prometheus_javaagent-$JMX_EXPORTER_VERSION.jar" "$agent"; rm -rf "$tmp"
  echo "$JMX_EXPORTER_VERSION" > "$agent.version"
else
  say "jmx_prometheus_javaagent $JMX_EXPORTER_VERSION already installed"
fi

# 3. Logging config and the helpers (copied so $TOOLS/kafka is self-contained).
cp "$pom_dir/log4j2.properties" "$TOOLS/kafka/log4j2.properties"
cp "$pom_dir/fetch-plugin.sh" "$TOOLS/kafka/fetch-plugin.sh"; chmod +x "$TOOLS/kafka/fetch-plugin.sh"

# 4. Sanity: the entry points load.
java -cp "$TOOLS/kafka/libs/*" kafka.tools.StorageTool random-uuid >/dev/null 2>&1 \
  || { echo "install/kafka: kafka.tools.StorageTool does not run" >&2; exit 1; }
say "done: $TOOLS/kafka (Kafka $KAFKA_VERSION, JMX exporter $JMX_EXPORTER_VERSION)"
