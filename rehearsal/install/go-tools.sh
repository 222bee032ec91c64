#!/usr/bin/env bash
# Builds OpenTofu and the mongey/kafka and mongey/kafka-connect providers from source with the
# Go module proxy, into $TOOLS (default <repo>/.tools). Idempotent: a binary
# already built for its pinned version is kept (delete it, or its .version stamp, to rebuild).
#
#   $TOOLS/bin/tofu                  OpenTofu CLI
#   $TOOLS/tofu-mirror/              provider filesystem mirror, unpacked layout
#                                    HOSTNAME/NAMESPACE/TYPE/VERSION/TARGET/terraform-provider-TYPE_vVERSION
#   $TOOLS/tofu.rc                   CLI config: use it with TF_CLI_CONFIG_FILE=$TOOLS/tofu.rc
#
# `go install module@version` refuses modules whose go.mod has replace directives (OpenTofu and
# the kafka provider have them), so each module is fetched with `go mod download` and built in its
# module-cache directory, where it is the main module and its replaces apply. The build only reads
# that directory (-mod=readonly: the pinned go.sum files are complete) and writes its output
# outside it. GOCACHE stays the default, so a rebuild after a stamp change is mostly cached.
set -euo pipefail

TOFU_VERSION=v1.10.10                 # github.com/opentofu/opentofu, ./cmd/tofu
KAFKA_PROVIDER_VERSION=v0.13.1        # github.com/Mongey/terraform-provider-kafka (mongey/kafka 0.13.1)
KAFKA_CONNECT_PROVIDER_VERSION=v0.5.0 # github.com/Mongey/terraform-provider-kafka-connect (mongey/kafka-connect 0.5.0)

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
TOOLS="${TOOLS:-$root/.tools}"
# OpenTofu resolves a source without a hostname ("mongey/kafka", as cdk.tf.json writes it) to
# registry.opentofu.org, so that is the mirror's hostname directory (not registry.terraform.io).
PROVIDER_HOST=registry.opentofu.org
TARGET="$(go env GOOS)_$(go env GOARCH)"

export CGO_ENABLED=0
export GOFLAGS="-buildvcs=false -mod=readonly"
mkdir -p "$TOOLS/bin" "$TOOLS/tofu-mirror"
say() { printf 'go-tools: %s\n' "$*"; }

# module_dir MODULE@VERSION: the module's directory in the module cache (downloading it), or
# nothing when the proxy refuses it.
module_dir() {
  go mod download -json "$1" 2>/dev/null | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' || true
}

# build NAME SRC_DIR PACKAGE OUT STAMP_FILE STAMP [LDFLAGS...]: go build PACKAGE in SRC_DIR to OUT
# (through a temporary file outside OUT's directory, so an interrupted build leaves nothing there),
# then write STAMP to STAMP_FILE.
build() {
  local name=$1 src=$2 pkg=$3 out=$4 stamp_file=$5 stamp=$6; shift 6
  local t0=$SECONDS tmp="$TOOLS/.build.$$.$(basename "$out")"
  (cd "$src" && go build -trimpath -ldflags="-s -w $*" -o "$tmp" "$pkg")
  mkdir -p "$(dirname "$out")" "$(dirname "$stamp_file")"
  mv -f "$tmp" "$out"
  echo "$stamp" > "$stamp_file"
  say "built $name ($stamp) in $((SECONDS - t0)) s"
}

# built OUT STAMP_FILE STAMP: OUT exists and was built for STAMP.
built() { [ -x "$1" ] && [ "$(cat "$2" 2>/dev/null)" = "$3" ]; }

# build_module NAME MODULE VERSION PACKAGE OUT STAMP_FILE [LDFLAGS...]
build_module() {
  local name=$1 module=$2 version=$3 pkg=$4 out=$5 stamp_file=$6; shift 6
  if built "$out" "$stamp_file" "$module@$version"; then say "$name $version already built"; return; fi
  local dir
  dir=$(module_dir "$module@$version")
  if [ -z "$dir" ]; then
    echo "go-tools: the Go module proxy did not serve $module@$version:" >&2
    go mod download -json "$module@$version" >&2 || true
    exit 1
  fi
  build "$name" "$dir" "$pkg" "$out" "$stamp_file" "$module@$version" "$@"
}

# OpenTofu; version.dev=no is what its release builds set (else `tofu version` says "-dev").
build_module tofu github.com/opentofu/opentofu "$TOFU_VERSION" ./cmd/tofu "$TOOLS/bin/tofu" "$TOOLS/bin/tofu.version" \
  "-X github.com/opentofu/opentofu/version.dev=no"

# The providers, straight into the mirror. Their stamps are kept outside the package directory:
# tofu hashes every file of that directory into .terraform.lock.hcl.
for p in "kafka $KAFKA_PROVIDER_VERSION github.com/Mongey/terraform-provider-kafka" \
         "kafka-connect $KAFKA_CONNECT_PROVIDER_VERSION github.com/Mongey/terraform-provider-kafka-connect"; do
  set -- $p
  type=$1 version=$2 module=$3
  rel="$PROVIDER_HOST/mongey/$type/${version#v}/$TARGET"
  rm -f "$TOOLS/tofu-mirror/$rel"/*.version   # left there by earlier versions of this script
  build_module "provider mongey/$type" "$module" "$version" . \
    "$TOOLS/tofu-mirror/$rel/terraform-provider-${type}_$version" "$TOOLS/tofu-mirror.stamps/$rel"
done

cat > "$TOOLS/tofu.rc.tmp" <<RC
# Written by rehearsal/install/go-tools.sh. Use: TF_CLI_CONFIG_FILE=$TOOLS/tofu.rc tofu init
# The mongey providers come only from the local mirror (built from source); any other provider
# would be fetched from its registry, which this machine cannot reach.
provider_installation {
  filesystem_mirror {
    path    = "$TOOLS/tofu-mirror"
    include = ["$PROVIDER_HOST/mongey/*"]
  }
  direct {
    exclude = ["$PROVIDER_HOST/mongey/*"]
  }
}
RC
mv -f "$TOOLS/tofu.rc.tmp" "$TOOLS/tofu.rc"
say "$(TF_CLI_CONFIG_FILE="$TOOLS/tofu.rc" "$TOOLS/bin/tofu" version | head -1); providers under $TOOLS/tofu-mirror"
