#!/usr/bin/env bash
# fetch-plugin.sh URL SHA512_OR_EMPTY DEST_DIR
# A Kafka Connect plugin artifact fetched the way Strimzi's KafkaConnect `spec.build` does: download
# URL (cached under $TOOLS/cache/connect-plugins), check its sha512 (Strimzi's `sha512sum`; when empty, against
# the .sha512 or .sha1 Maven Central publishes next to the artifact, if any), then unpack into DEST_DIR
# (Strimzi: /opt/kafka/plugins/<plugin name>/<hash>/). DEST_DIR must be a subdirectory of a
# plugin.path entry, e.g. plugin.path=/x/plugins and DEST_DIR=/x/plugins/debezium-mysql.
# Types by URL suffix: .tar.gz/.tgz (untar), .zip (unzip), anything else (copied as a jar/file).
# Idempotent: DEST_DIR/.fetched-<name> records the artifact; a second call is a no-op.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 URL SHA512_OR_EMPTY DEST_DIR" >&2; exit 2; }
url=$1; sha512=$2; dest=$3
here="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${TOOLS:-}" ]; then
  if [ -d "$here/../../.tools" ]; then TOOLS="$(cd "$here/../.." && pwd)/.tools"; else TOOLS="$(cd "$here/.." && pwd)"; fi
fi
cache="$TOOLS/cache/connect-plugins"
mkdir -p "$cache" "$dest"
name="$(basename "${url%%\?*}")"
key="$(printf '%s' "$url" | sha256sum | cut -c1-16)"
file="$cache/$key-$name"
stamp="$dest/.fetched-$name"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$url ${sha512:-}" ]; then exit 0; fi

if ! [ -s "$file" ]; then
  curl -fsSL --retry 3 --connect-timeout 20 -o "$file.part.$$" "$url"
  mv "$file.part.$$" "$file"
fi
# Expected digest: the given sha512; else the .sha512, else the .sha1 Maven Central publishes beside it.
algo=sha512; want="$sha512"; origin="argument"
if [ -z "$want" ]; then
  for a in sha512 sha1; do
    if sidecar="$(curl -fsS --retry 2 "$url.$a" 2>/dev/null)" && [ -n "$sidecar" ]; then
      algo=$a; want="${sidecar%% *}"; want="${want%%[[:space:]]*}"; origin="$url.$a"; break
    fi
  done
fi
if [ -n "$want" ]; then
  got="$(${algo}sum "$file" | cut -d' ' -f1)"
  if [ "$got" != "$want" ]; then
    rm -f "$file"
    echo "fetch-plugin: $algo mismatch for $url: got $got, want $want (from $origin)" >&2; exit 1
  fi
else
  echo "fetch-plugin: warning: no checksum for $url (none given, none published)" >&2
fi
case "$name" in
  *.tar.gz|*.tgz) tar -xzf "$file" -C "$dest" ;;
  *.zip) unzip -oq "$file" -d "$dest" ;;
  *) cp "$file" "$dest/$name" ;;
esac
printf '%s\n' "$url ${sha512:-}" > "$stamp"
