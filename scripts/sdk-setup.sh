#!/usr/bin/env bash
# Installs the pinned official SailPoint SDKs the SDK suites use, cached
# under build/sdk/ (BUILD/sdk): nothing is fetched once they are there.
#   Python:     build/sdk/venv from tests/sdk/python/requirements.txt (every
#               package pinned; sailpoint, pytest, schemathesis)
#   Go:         github.com/sailpoint-oss/golang-sdk/v2 per tests/sdk/go/go.mod
#               and go.sum, module and build caches in build/sdk/gomod, gocache
#   TypeScript: tests/sdk/node_modules from tests/sdk/package-lock.json
# Prints the environment the suites need (eval it), e.g.
#   eval "$(scripts/sdk-setup.sh build)"
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sdk="$root/$build/sdk"
mkdir -p "$sdk"
log() { echo "sdk-setup: $*" >&2; }

# Python. The stamp is the hash of requirements.txt: a changed pin reinstalls.
req="$root/tests/sdk/python/requirements.txt"
stamp="$sdk/venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ ! -x "$sdk/venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "creating $build/sdk/venv"
  rm -rf "$sdk/venv"
  python3 -m venv "$sdk/venv"
  "$sdk/venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$req" >&2
  echo "$want" >"$stamp"
fi

# Go: module cache and build cache under build/, the proxy only when a module is missing.
export GOMODCACHE="$sdk/gomod" GOCACHE="$sdk/gocache" GOFLAGS="-modcacherw -mod=readonly" GOTOOLCHAIN=local
(cd "$root/tests/sdk/go" && go mod download) >&2

# TypeScript.
if [ ! -d "$root/tests/sdk/node_modules/sailpoint-api-client" ]; then
  log "installing tests/sdk/node_modules"
  (cd "$root/tests/sdk" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

echo "export GOMODCACHE='$GOMODCACHE' GOCACHE='$GOCACHE' GOFLAGS='$GOFLAGS' GOTOOLCHAIN=local SDK_PYTHON='$sdk/venv/bin/python' SDK_REPORT_DIR='$sdk'"
