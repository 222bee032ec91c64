#!/usr/bin/env bash
# Installs the engines of the local rehearsal (`realtime-pipeline rehearse`, `npm run test:e2e`)
# into $TOOLS (default <repo>/.tools), from Maven Central, the Go module proxy and Debian only.
# Idempotent: what is already installed at its pinned version is kept. Versions:
KAFKA_VERSION=4.1.1                 # broker (KRaft) and Connect; rehearsal/maven/kafka/pom.xml
JMX_EXPORTER_VERSION=1.0.1          # io.prometheus.jmx:jmx_prometheus_javaagent
FLINK_RELEASES="1.20.3:3.4.0-1.20 2.2.0:5.0.0-2.2"   # Flink release : flink-connector-kafka
# OpenTofu, the mongey providers and kafka_exporter: rehearsal/install/go-tools.sh.
# PostgreSQL, MariaDB, Prometheus: Debian's packages (.ci/install-tools).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export TOOLS="${TOOLS:-$root/.tools}"
mkdir -p "$TOOLS/bin"
MVN="mvn -q -B"
say() { printf 'install: %s\n' "$*"; }

# Debian: PostgreSQL, MariaDB, promtool and Prometheus.
TOOLS="$TOOLS" bash "$root/.ci/install-tools"
[ -x "$TOOLS/bin/prometheus" ] || ln -sf "$TOOLS/prometheus/usr/bin/prometheus" "$TOOLS/bin/prometheus"
for client in psql mariadb; do
  command -v "$client" >/dev/null || { say "$client client missing"; exit 1; }
done

# Kafka broker, Connect and tools; the JMX exporter agent.
if [ "$(cat "$TOOLS/kafka/version" 2>/dev/null)" != "$KAFKA_VERSION" ]; then
  rm -rf "$TOOLS/kafka/libs"
  (cd "$here/maven/kafka" && $MVN dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$TOOLS/kafka/libs")
  echo "$KAFKA_VERSION" > "$TOOLS/kafka/version"
fi
if ! [ -f "$TOOLS/kafka/jmx_prometheus_javaagent.jar" ]; then
  $MVN dependency:copy -Dartifact="io.prometheus.jmx:jmx_prometheus_javaagent:$JMX_EXPORTER_VERSION" -DoutputDirectory="$TOOLS/kafka"
  mv "$TOOLS/kafka/jmx_prometheus_javaagent-$JMX_EXPORTER_VERSION.jar" "$TOOLS/kafka/jmx_prometheus_javaagent.jar"
fi
cp "$here/config/log4j2.properties" "$TOOLS/kafka/log4j2.properties"
say "kafka $KAFKA_VERSION"

# Flink releases from their Maven modules, and the shipped SQL runner built for each.
for pair in $FLINK_RELEASES; do
  flink="${pair%%:*}"; connector="${pair#*:}"
  home="$TOOLS/flink-$flink"
  if [ "$(cat "$home/version" 2>/dev/null)" != "$pair" ]; then
    rm -rf "$home/lib"
    (cd "$here/maven/flink" && $MVN dependency:copy-dependencies -Dflink.version="$flink" -Dflink.kafka.version="$connector" -DoutputDirectory="$home/lib")
    echo "$pair" > "$home/version"
  fi
  runner_hash=$(cat "$here/sql-runner/pom.xml" $(find "$here/sql-runner/src" -type f | sort) | sha256sum | cut -c1-16)
  if [ "$(cat "$home/usrlib/sql-runner.hash" 2>/dev/null)" != "$runner_hash" ]; then
    build="$TOOLS/build/sql-runner-$flink"
    rm -rf "$build"; mkdir -p "$build" "$home/usrlib"
    cp -r "$here/sql-runner/pom.xml" "$here/sql-runner/src" "$build/"
    (cd "$build" && $MVN package -Dflink.version="$flink")
    cp "$build/target/sql-runner.jar" "$home/usrlib/sql-runner.jar"
    echo "$runner_hash" > "$home/usrlib/sql-runner.hash"
  fi
  say "flink $flink (flink-connector-kafka $connector) with the SQL runner"
done
mkdir -p "$TOOLS/flink" && cp "$here/config/log4j2.properties" "$TOOLS/flink/log4j2.properties"

# OpenTofu, the providers (filesystem mirror) and kafka_exporter, built from source.
bash "$here/install/go-tools.sh"
say "done: engines under $TOOLS"
