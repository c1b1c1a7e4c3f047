#!/usr/bin/env bash
# make test: unit tests (ctest), API tests and the SDK suites (TypeScript,
# Python, Go) against the plain build, then the unit and API suites again
# under ASan+UBSan.
set -euo pipefail
build=$1
asan=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "== unit tests ($build)"
(cd "$build" && ctest --output-on-failure)

echo "== API tests ($build)"
RECERTD="$root/$build/recertd" node --test --test-concurrency=1 tests/api/*.test.mjs

# The official SailPoint SDKs, pinned (scripts/sdk-setup.sh installs them
# under $build/sdk/ once; offline after that). Each suite records the beta
# operations it exercised in $build/sdk/*.json; sdk-matrix.mjs then checks
# that docs/compatibility.md shows exactly that matrix. Plain build only.
echo "== SailPoint SDKs: install or reuse ($build/sdk)"
eval "$(scripts/sdk-setup.sh "$build")"
rm -f "$SDK_REPORT_DIR"/python.json "$SDK_REPORT_DIR"/go.json "$SDK_REPORT_DIR"/typescript.json

echo "== SailPoint TypeScript SDK end-to-end ($build)"
RECERTD="$root/$build/recertd" node --test tests/sdk/*.test.mjs

echo "== SailPoint Python SDK end-to-end, seed examples, contract fuzzing ($build)"
(cd tests/sdk/python && RECERTD="$root/$build/recertd" "$SDK_PYTHON" -m pytest -q)

echo "== SailPoint Go SDK end-to-end ($build)"
(cd tests/sdk/go && RECERTD="$root/$build/recertd" go test -count=1 -timeout 180s .)

echo "== SDK compatibility matrix (docs/compatibility.md)"
node scripts/sdk-matrix.mjs

echo "== client library and CLI ($build)"
tests/client/run.sh "$build"

if [ -n "$asan" ]; then
  # Any report fails the run: halt_on_error plus -fno-sanitize-recover.
  export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  echo "== unit tests under ASan+UBSan ($asan)"
  (cd "$asan" && ctest --output-on-failure)
  echo "== API tests under ASan+UBSan ($asan)"
  RECERTD="$root/$asan/recertd" RECERT_TEST_SLOW=1 node --test --test-concurrency=1 tests/api/*.test.mjs
  echo "== client library and CLI under ASan+UBSan ($asan)"
  tests/client/run.sh "$asan"
fi
