#!/usr/bin/env bash
# Smoke test of a synthesized stack's Terraform with OpenTofu, offline (see NOTES.md beside this):
#   rehearsal/tofu/smoke.sh [STACK]          init from the provider mirror + validate
#   KAFKA_BOOTSTRAP=127.0.0.1:9092 rehearsal/tofu/smoke.sh [STACK]
#                                            also apply, re-plan (must be empty) and destroy
#                                            against that broker
# STACK defaults to retail-inventory-prod; its cdk.tf.json is copied into a temporary directory
# (cdktf.out is not touched) next to *_override.tf.json files:
#   backend_override.tf.json       state in the temporary directory (cdktf writes an absolute
#                                  local-backend path into the repository root)
#   rehearsal_override.tf.json     provider "kafka" bootstrap_servers = KAFKA_BOOTSTRAP,
#                                  provider "kafka-connect" url = KAFKA_CONNECT_URL (if set)
#   single_broker_override.tf.json SINGLE_BROKER=1: every kafka_topic with replication_factor 1
#                                  and min.insync.replicas 1 (the stacks ask for 3 and 2)
#   destroy_override.tf.json       written before destroy: lifecycle.prevent_destroy = false
# Other env: TOOLS (default <repo>/.tools), KEEP=1 keeps the temporary directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
TOOLS="${TOOLS:-$root/.tools}"
stack="${1:-retail-inventory-prod}"
src="$root/cdktf.out/stacks/$stack/cdk.tf.json"
[ -f "$src" ] || { echo "smoke: no $src (run: cd $root && CHECKPOINT_DISABLE=1 npx cdktf synth)" >&2; exit 1; }
[ -x "$TOOLS/bin/tofu" ] && [ -f "$TOOLS/tofu.rc" ] || { echo "smoke: run rehearsal/install/go-tools.sh first" >&2; exit 1; }

export TF_CLI_CONFIG_FILE="$TOOLS/tofu.rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_PLUGIN_CACHE_DIR   # the mirror is unpacked: init links the package, nothing to cache
tofu() { "$TOOLS/bin/tofu" "$@" -no-color; }
work=$(mktemp -d "${TMPDIR:-/tmp}/tofu-smoke.XXXXXX")
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$src" cdk.tf.json
step() { local name=$1 t0=$SECONDS; shift; "$@" > "$name.log" 2>&1 || { cat "$name.log" >&2; echo "smoke: $name failed (log: $work/$name.log)" >&2; KEEP=1; trap - EXIT; exit 1; }; echo "smoke: $name ok in $((SECONDS - t0)) s"; }

# JSON written with node (always there: cdktf needs it).
node -e '
  const fs = require("fs");
  const stack = JSON.parse(fs.readFileSync("cdk.tf.json", "utf8"));
  const write = (f, o) => fs.writeFileSync(f, JSON.stringify(o, null, 2) + "\n");
  write("backend_override.tf.json", { terraform: { backend: { local: { path: "terraform.tfstate" } } } });
  const env = process.env, provider = {};
  if (env.KAFKA_BOOTSTRAP) provider.kafka = { bootstrap_servers: env.KAFKA_BOOTSTRAP.split(","), tls_enabled: false };
  if (env.KAFKA_CONNECT_URL) provider["kafka-connect"] = { url: env.KAFKA_CONNECT_URL };
  if (Object.keys(provider).length) write("rehearsal_override.tf.json", { provider });
  if (env.SINGLE_BROKER === "1") {
    const topics = {};
    for (const [name, t] of Object.entries((stack.resource || {}).kafka_topic || {})) {
      const config = { ...(t.config || {}) };
      if ("min.insync.replicas" in config) config["min.insync.replicas"] = "1";
      topics[name] = { replication_factor: 1, config };
    }
    write("single_broker_override.tf.json", { resource: { kafka_topic: topics } });
  }
'

step init tofu init -input=false
step validate tofu validate
grep -h 'registry.opentofu.org' .terraform.lock.hcl | sed 's/^/smoke: locked /'
if [ -z "${KAFKA_BOOTSTRAP:-}" ]; then
  echo "smoke: $stack init+validate passed (set KAFKA_BOOTSTRAP=host:port to apply)"; exit 0
fi

step apply tofu apply -input=false -auto-approve
grep -h 'Apply complete' apply.log | sed 's/^/smoke: /'
set +e; tofu plan -input=false -detailed-exitcode > replan.log 2>&1; rc=$?; set -e
[ $rc = 0 ] || { cat replan.log >&2; echo "smoke: the plan after apply is not empty (exit $rc)" >&2; exit 1; }
echo "smoke: re-plan after apply: no changes"
node -e '
  const fs = require("fs");
  const stack = JSON.parse(fs.readFileSync("cdk.tf.json", "utf8"));
  const resource = {};
  for (const [type, byName] of Object.entries(stack.resource || {}))
    for (const [name, r] of Object.entries(byName))
      if (r.lifecycle && r.lifecycle.prevent_destroy) ((resource[type] ??= {})[name] = { lifecycle: { prevent_destroy: false } });
  if (Object.keys(resource).length) fs.writeFileSync("destroy_override.tf.json", JSON.stringify({ resource }, null, 2) + "\n");
'
step destroy tofu destroy -input=false -auto-approve
grep -h 'Destroy complete' destroy.log | sed 's/^/smoke: /'
echo "smoke: $stack init, validate, apply, empty re-plan and destroy passed against $KAFKA_BOOTSTRAP"
