#!/usr/bin/env bash
# make test: unit tests (ctest), API tests and the SDK test against the plain
# build, then the unit and API suites again under ASan+UBSan.
set -euo pipefail
build=$1
asan=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "== unit tests ($build)"
(cd "$build" && ctest --output-on-failure)

echo "== API tests ($build)"
RECERTD="$root/$build/recertd" node --test --test-concurrency=1 tests/api/*.test.mjs

echo "== SailPoint TypeScript SDK end-to-end ($build)"
if [ ! -d tests/sdk/node_modules/sailpoint-api-client ]; then
  (cd tests/sdk && npm ci --no-audit --no-fund --loglevel=error)
fi
RECERTD="$root/$build/recertd" node --test tests/sdk/*.test.mjs

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
