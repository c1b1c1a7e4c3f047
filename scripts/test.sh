#!/usr/bin/env bash
# make test: unit tests (ctest), API tests and the SDK suites (TypeScript,
# Python, Go) against the plain build, then the unit and API suites again
# under ASan+UBSan.
#
# Each suite prints one line: its name, its counts and its time. Its whole
# output goes to $build/test-logs/NAME.log; when a suite fails, the end of
# that log is printed with its path, and the run stops.
set -euo pipefail
build=$1
asan=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
logs="$root/$build/test-logs"
mkdir -p "$logs"

# The counts a suite's output ends with, in one line.
counts() { # LOG
  local log=$1 line
  if line=$(grep -E '^# (tests|pass|fail|todo|skipped) [0-9]+' "$log" | tail -n 6) && [ -n "$line" ]; then
    # node:test (TAP): "# pass 123" lines
    echo "$line" | awk '{ c[$2] = $3 } END {
      printf "%d passed, %d failed", c["pass"], c["fail"]
      if (c["todo"]) printf ", %d todo", c["todo"]
      if (c["skipped"]) printf ", %d skipped", c["skipped"] }'
  elif line=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1) && [ -n "$line" ]; then
    echo "$line" | sed -E 's/.*[0-9]+% tests passed, ([0-9]+) tests failed out of ([0-9]+).*/\2 run, \1 failed/'
  elif line=$(grep -E '^(=+ )?[0-9]+ (passed|failed).* in [0-9.]+s' "$log" | tail -n 1) && [ -n "$line" ]; then
    echo "$line" | sed -E 's/^(=+ )?(.*) in [0-9.]+s.*/\2/'       # pytest
  elif line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1) && [ -n "$line" ]; then
    echo "$line"                                                      # tests/client/run.sh
  elif grep -qE '^(ok|FAIL)[[:space:]]' "$log"; then                  # go test -v
    echo "$(grep -cE '^--- PASS' "$log" || true) passed, $(grep -cE '^--- FAIL' "$log" || true) failed"
  else
    echo "done"
  fi
}

suite() { # NAME COMMAND...
  local name=$1
  shift
  local log="$logs/$name.log" t0 rc=0
  t0=$(date +%s)
  "$@" >"$log" 2>&1 || rc=$?
  local secs=$(( $(date +%s) - t0 ))
  if [ "$rc" -ne 0 ]; then
    echo "FAIL $name ($(counts "$log"), ${secs}s): the end of $log:"
    tail -n 60 "$log" | sed 's/^/  | /'
    echo "FAIL $name: full output in $log"
    exit "$rc"
  fi
  printf '  ok %-34s %s, %ss\n' "$name" "$(counts "$log")" "$secs"
}

# The API suites' expected failures (marked todo) are libmicrohttpd 0.9.75's
# own parsing limits; say so once instead of printing them as "not ok".
todo_note() { # LOG
  local n
  n=$(grep -cE '^not ok .*# TODO' "$1" || true)
  [ "$n" -gt 0 ] && echo "     ($n todo: malformed-HTTP cases libmicrohttpd 0.9.75 accepts, e.g. a NUL byte in a header; see tests/api/hostile.test.mjs)"
  return 0
}

echo "== $build (logs in $logs/)"
suite unit bash -c "cd '$build' && ctest --output-on-failure"
suite api env RECERTD="$root/$build/recertd" node --test --test-concurrency=1 tests/api/*.test.mjs
todo_note "$logs/api.log"

# The official SailPoint SDKs, pinned (scripts/sdk-setup.sh installs them
# under $build/sdk/ once; offline after that). Each suite records the beta
# operations it exercised in $build/sdk/*.json; sdk-matrix.mjs then checks
# that docs/compatibility.md shows exactly that matrix. Plain build only.
suite sdk-install scripts/sdk-setup.sh "$build"
eval "$(scripts/sdk-setup.sh "$build" 2>/dev/null)"
rm -f "$SDK_REPORT_DIR"/python.json "$SDK_REPORT_DIR"/go.json "$SDK_REPORT_DIR"/typescript.json
suite sdk-typescript env RECERTD="$root/$build/recertd" node --test tests/sdk/*.test.mjs
suite sdk-python bash -c "cd tests/sdk/python && RECERTD='$root/$build/recertd' '$SDK_PYTHON' -m pytest -q"
suite sdk-go bash -c "cd tests/sdk/go && RECERTD='$root/$build/recertd' go test -count=1 -timeout 180s -v ."
suite sdk-matrix node scripts/sdk-matrix.mjs
suite client tests/client/run.sh "$build"

if [ -n "$asan" ]; then
  # Any report fails the run: halt_on_error plus -fno-sanitize-recover.
  export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  logs="$root/$asan/test-logs"
  mkdir -p "$logs"
  echo "== $asan, under ASan+UBSan (logs in $logs/)"
  suite unit bash -c "cd '$asan' && ctest --output-on-failure"
  suite api env RECERTD="$root/$asan/recertd" RECERT_TEST_SLOW=1 node --test --test-concurrency=1 tests/api/*.test.mjs
  todo_note "$logs/api.log"
  suite client tests/client/run.sh "$asan"
fi
