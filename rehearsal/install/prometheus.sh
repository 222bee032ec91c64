#!/usr/bin/env bash
# Installs the Prometheus server (and promtool) from Debian's `prometheus` package into
# $TOOLS (default <repo>/.tools) without installing the package: no service, no user, no root
# needed once the .deb is downloaded. Idempotent, and compatible with .ci/install-tools (same
# .deb cache $TOOLS/debs, same tree $TOOLS/prometheus, links in $TOOLS/bin).
#
#   bash rehearsal/install/prometheus.sh           install
#   bash rehearsal/install/prometheus.sh --check   install, then start Prometheus on a free
#        loopback port with a temporary TSDB and a rules file (RULES=..., default the
#        retail-inventory-prod stack's), query /api/v1/rules and /api/v1/query, and stop it.
#
# Debian 12 ships 2.42.0+ds-5+deb12u1 (not pinned: Debian replaces it with security updates).
# The binary needs no --web.console.* flags (the console directories are only read when /consoles
# is requested); the web UI's files are in $TOOLS/prometheus/usr/share/prometheus/web, so pass
# --web.local-assets=that/ to get the UI (its JS libraries are links into Debian libjs-*
# packages, so the UI is incomplete without them; the HTTP API does not need any of it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
TOOLS="${TOOLS:-$root/.tools}"
mkdir -p "$TOOLS/bin" "$TOOLS/debs"
say() { printf 'prometheus: %s\n' "$*"; }

if ! [ -x "$TOOLS/prometheus/usr/bin/prometheus" ]; then
  deb=$(ls "$TOOLS"/debs/prometheus_*.deb 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$deb" ]; then
    (cd "$TOOLS/debs" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get download prometheus; }; })
    deb=$(ls "$TOOLS"/debs/prometheus_*.deb | sort -V | tail -1)
  fi
  rm -rf "$TOOLS/prometheus.tmp"
  dpkg-deb -x "$deb" "$TOOLS/prometheus.tmp"
  rm -rf "$TOOLS/prometheus"
  mv "$TOOLS/prometheus.tmp" "$TOOLS/prometheus"
fi
for tool in prometheus promtool; do
  # Keep a link that works (.ci/install-tools may have linked promtool to a system one).
  [ -x "$TOOLS/bin/$tool" ] || ln -sf "$TOOLS/prometheus/usr/bin/$tool" "$TOOLS/bin/$tool"
done
say "$("$TOOLS/bin/prometheus" --version 2>&1 | head -1)"

[ "${1:-}" = "--check" ] || exit 0

# The check: a real server on 127.0.0.1, a temporary TSDB, one rules file, scraping itself.
RULES="${RULES:-$root/cdktf.out/stacks/retail-inventory-prod/prometheus/inventory-slos.rules.yaml}"
[ -f "$RULES" ] || { say "no rules file $RULES (run: npx cdktf synth)"; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
pid=
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; [ -z "$pid" ] || wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cp "$RULES" "$work/rules.yaml"
cat > "$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - rules.yaml
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:$port"]
YML
"$TOOLS/bin/promtool" check config "$work/prometheus.yml" >/dev/null
t0=$SECONDS
"$TOOLS/bin/prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" --web.enable-lifecycle >"$work/prometheus.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -sf "$url/-/ready" >/dev/null && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
curl -sf "$url/-/ready" >/dev/null || { cat "$work/prometheus.log" >&2; say "did not become ready"; exit 1; }
say "ready on $url after $((SECONDS - t0)) s"
rules=$(curl -sf "$url/api/v1/rules" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(len(g["rules"]) for g in d["data"]["groups"]))')
want=$("$TOOLS/bin/promtool" check rules "$RULES" | sed -n 's/.*SUCCESS: \([0-9]*\) rules found.*/\1/p')
[ "$rules" = "$want" ] || { say "/api/v1/rules lists $rules rules, promtool counts $want"; exit 1; }
up=
for _ in $(seq 1 50); do
  up=$(curl -sf "$url/api/v1/query" --data-urlencode 'query=up{job="prometheus"}' | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")')
  [ "$up" = 1 ] && break; sleep 0.2
done
[ "$up" = 1 ] || { say "/api/v1/query up{job=\"prometheus\"} gave '$up'"; exit 1; }
curl -sf -XPOST "$url/-/quit" >/dev/null
wait "$pid" 2>/dev/null || true
pid=
say "check passed: $rules rules loaded from $(basename "$RULES"), up=1, stopped through /-/quit"
