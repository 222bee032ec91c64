#!/usr/bin/env bash
# Be a platform repository: pack this library (prepack compiles it), install the tarball with its
# peer dependencies into an empty directory, and synthesize the example of the README's
# "Install in your platform repo" section, taken from the README itself. Also runs the installed
# CLI. Needs the npm registry; NODE=<path> runs the platform repo on another Node.js.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node_bin=${NODE:-node}

echo "check:package: packing (prepack compiles)"
cd "$root"
tgz=$(npm pack --pack-destination "$work" --silent 2>/dev/null | tail -n 1)
tar -tzf "$work/$tgz" > "$work/files.txt"
for must in package/lib/index.js package/lib/index.d.ts package/lib/cli/main.js package/bin/realtime-pipeline package/.jsii package/rehearsal/install.sh; do
  grep -qx "$must" "$work/files.txt" || { echo "check:package: $tgz lacks ${must#package/}" >&2; exit 1; }
done
if grep -qE '^package/(pipeline-locks|stacks|cdktf.out|test)/' "$work/files.txt"; then
  echo "check:package: $tgz ships repository-only files:" >&2
  grep -E '^package/(pipeline-locks|stacks|cdktf.out|test)/' "$work/files.txt" | head >&2
  exit 1
fi

# The README section holds the files between <!-- platform-repo:NAME --> markers.
extract() {
  awk -v name="$1" '
    $0 ~ "<!-- platform-repo:" name " -->" { on = 1; next }
    on && /^```/ { if (fence) exit; fence = 1; next }
    on && fence { print }
  ' "$root/README.md"
}

repo="$work/platform"
mkdir -p "$repo"
cd "$repo"
extract install.sh > install.sh
extract main.ts > main.ts
extract cdktf.json > cdktf.json
extract tsconfig.json > tsconfig.json
for f in install.sh main.ts cdktf.json tsconfig.json; do
  [ -s "$f" ] || { echo "check:package: README has no platform-repo:$f block" >&2; exit 1; }
done
npm init -y > /dev/null
# The README's install command, with the packed tarball in place of the registry name.
sed "s#cdktf-realtime-pipeline #$work/$tgz #" install.sh > install-local.sh
echo "check:package: $(cat install-local.sh)"
bash install-local.sh > npm-install.log 2>&1 || { tail -n 30 npm-install.log >&2; exit 1; }

app=$(node -e "console.log(require('./cdktf.json').app)")
echo "check:package: synthesizing with: $app (Node.js $("$node_bin" --version))"
if [ "$node_bin" != node ]; then app=${app/#npx ts-node/\"$node_bin\" node_modules/.bin/ts-node}; fi
CHECKPOINT_DISABLE=1 bash -c "$app" > synth.log 2>&1 || { cat synth.log >&2; exit 1; }
stack_json=$(ls cdktf.out/stacks/*/cdk.tf.json 2>/dev/null | head -n 1)
[ -n "$stack_json" ] || { echo "check:package: no stack synthesized" >&2; cat synth.log >&2; exit 1; }
node -e "
const tf = require('./$stack_json');
const n = Object.keys(tf.resource.kafka_topic || {}).length;
if (n === 0) { console.error('check:package: no kafka_topic in ' + '$stack_json'); process.exit(1); }
console.log('check:package: synthesized ' + '$stack_json' + ' with ' + n + ' topics');
"
"$node_bin" node_modules/.bin/realtime-pipeline --help > cli.log 2>&1 || { cat cli.log >&2; exit 1; }
echo "check:package: installed CLI answers --help"
echo "check:package: ok ($tgz)"
