#!/usr/bin/env bash
# Installs the local Flink of the rehearsal into $TOOLS (default <repo>/.tools), for each pinned
# release:
#   $TOOLS/flink-<version>/lib/                 Flink assembled from Maven Central modules
#                                               (rehearsal/flink/pom.xml: no flink-dist there)
#   $TOOLS/flink-<version>/usrlib/sql-runner.jar  rehearsal/sql-runner built against that release
#   $TOOLS/flink-<version>/conf/log4j2.properties
#   $TOOLS/flink/log4j2.properties              the same logging config, release-independent
# Idempotent: a release whose inputs (poms, runner sources, versions) are unchanged is kept; else
# it is rebuilt in a temporary directory and swapped in whole. Maven caches in ~/.m2.
#
# Usage: rehearsal/install/flink.sh [VERSION...]   (default: every pinned release)
set -euo pipefail

# version:maven-profile (the profile pins the Kafka connector: see rehearsal/flink/pom.xml)
FLINK_RELEASES=(
  "1.20.3:flink-1.20"   # flink-connector-kafka 3.4.0-1.20 (kafka-clients 3.4.0)
  "2.2.0:flink-2.2"     # flink-connector-kafka 5.0.0-2.2 (kafka-clients 4.2.0)
)
MAVEN_DEPENDENCY_PLUGIN=3.8.1   # also pinned in rehearsal/flink/pom.xml

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
TOOLS="${TOOLS:-$repo/.tools}"
engine_pom="$repo/rehearsal/flink/pom.xml"
log4j="$repo/rehearsal/flink/log4j2.properties"
runner="$repo/rehearsal/sql-runner"
mvn_flags=(-B -q -Dstyle.color=never)
# Maven, quiet, without the colour escapes Maven 3.8 prints even in batch mode
mvnq() { mvn "${mvn_flags[@]}" "$@" 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d'; }

command -v mvn >/dev/null || { echo "flink.sh: mvn (Maven 3.8+) is required" >&2; exit 1; }
command -v java >/dev/null || { echo "flink.sh: java (11+) is required" >&2; exit 1; }
mkdir -p "$TOOLS/flink"
cp "$log4j" "$TOOLS/flink/log4j2.properties"
partial=""   # a half-built release directory, removed if the script stops
trap '[ -z "$partial" ] || rm -rf "$partial"' EXIT

# Everything the install of one release depends on, hashed.
inputs_hash() {
  local version=$1 profile=$2
  {
    echo "$version $profile $MAVEN_DEPENDENCY_PLUGIN"
    cat "$engine_pom" "$log4j" "$runner/pom.xml"
    find "$runner/src/main" -type f | LC_ALL=C sort | xargs cat
  } | sha256sum | cut -d' ' -f1
}

install_release() {
  local version=$1 profile=$2
  local home="$TOOLS/flink-$version" stamp
  stamp="$(inputs_hash "$version" "$profile")"
  if [ -f "$home/.installed" ] && [ "$(cat "$home/.installed")" = "$stamp" ] \
     && [ -f "$home/usrlib/sql-runner.jar" ]; then
    echo "flink.sh: Flink $version is up to date in $home"
    return
  fi
  echo "flink.sh: installing Flink $version ($profile) into $home"
  local start=$SECONDS tmp
  tmp="$(mktemp -d "$TOOLS/.flink-$version.XXXXXX")"
  partial="$tmp"
  chmod 755 "$tmp"
  mkdir -p "$tmp/lib" "$tmp/usrlib" "$tmp/conf"

  mvnq -f "$engine_pom" -P "$profile" \
    dependency:copy-dependencies -Dflink.lib.dir="$tmp/lib"

  # the runner, built (and unit-tested) against this release, outside the source tree
  local build="$TOOLS/build/sql-runner-$version"
  rm -rf "$build"
  mvnq -f "$runner/pom.xml" -P "$profile" -Dflink.version="$version" \
    -Dsqlrunner.buildDir="$build" package
  cp "$build/sql-runner.jar" "$tmp/usrlib/sql-runner.jar"
  cp "$log4j" "$tmp/conf/log4j2.properties"

  check_lib "$tmp/lib" "$version"
  rm -rf "$home"
  mv "$tmp" "$home"
  partial=""
  echo "$stamp" > "$home/.installed"
  echo "flink.sh: Flink $version installed in $((SECONDS - start)) s ($(ls "$home/lib" | wc -l) jars, $(du -sh "$home" | cut -f1))"
}

# Guards against the classic classpath mistakes of a hand-assembled lib/.
check_lib() {
  local lib=$1 version=$2
  [ -f "$lib/flink-core-$version.jar" ] || { echo "flink.sh: $lib lacks flink-core-$version.jar" >&2; exit 1; }
  if ls "$lib" | grep -q '^flink-table-planner_'; then
    echo "flink.sh: $lib has flink-table-planner_2.12 beside flink-table-planner-loader: remove one" >&2; exit 1
  fi
  if ls "$lib" | grep -q '^scala-library'; then
    echo "flink.sh: $lib has a scala-library jar: the planner loader and RPC loader bring their own Scala" >&2; exit 1
  fi
  local dups
  dups="$(ls "$lib" | sed -E 's/-[0-9][0-9.]*([-.][A-Za-z0-9._-]*)?\.jar$//' | sort | uniq -d)"
  if [ -n "$dups" ]; then
    echo "flink.sh: $lib has several versions of: $dups" >&2; exit 1
  fi
  local other
  other="$(ls "$lib" | grep -E '^flink-(core|runtime|table-api-java|streaming-java)-[0-9]' | grep -v -- "-$version.jar" || true)"
  if [ -n "$other" ]; then
    echo "flink.sh: $lib mixes Flink releases: $other" >&2; exit 1
  fi
}

wanted=("$@")
for entry in "${FLINK_RELEASES[@]}"; do
  version="${entry%%:*}"
  profile="${entry#*:}"
  if [ ${#wanted[@]} -gt 0 ] && ! printf '%s\n' "${wanted[@]}" | grep -qx "$version"; then continue; fi
  install_release "$version" "$profile"
done
