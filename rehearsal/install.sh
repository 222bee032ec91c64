#!/usr/bin/env bash
# Installs the engines of the local rehearsal (`realtime-pipeline rehearse`, `npm run test:e2e`)
# into $TOOLS (default <repo>/.tools), from Maven Central, the Go module proxy and Debian only.
# Idempotent: what is already installed at its pinned version is kept. Each part pins its versions:
#   install/kafka.sh       Kafka 4.1.1 (KRaft broker, Connect, tools), JMX exporter agent 1.0.1
#   install/flink.sh       Flink 1.20.3 and 2.2.0 from their Maven modules, the SQL runner for each
#   install/go-tools.sh    OpenTofu 1.10 and the mongey/kafka 0.13.1 and kafka-connect 0.5.0 providers
#   install/prometheus.sh  Prometheus and promtool (Debian's prometheus package)
#   ../.ci/install-tools   PostgreSQL and MariaDB (Debian), promtool
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export TOOLS="${TOOLS:-$root/.tools}"
mkdir -p "$TOOLS/bin"
step() { printf 'install: %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "databases and promtool (Debian)"
bash "$root/.ci/install-tools"
for client in psql mariadb; do
  command -v "$client" >/dev/null || { echo "install: the $client client is missing (Debian's postgresql / mariadb-server bring it)" >&2; exit 1; }
done
step "prometheus"
bash "$here/install/prometheus.sh"
step "kafka"
bash "$here/install/kafka.sh"
step "flink"
bash "$here/install/flink.sh"
step "opentofu and providers"
bash "$here/install/go-tools.sh"
step "done: engines under $TOOLS"
