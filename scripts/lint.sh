#!/usr/bin/env bash
# make lint: static analysis of the server-side sources, which must be clean.
#
#   scripts/lint.sh [BUILD]     BUILD holds compile_commands.json (default: build)
#
# 1. cppcheck --enable=warning,performance,portability, with the project's
#    include path; any finding fails. jansson.h is force-included so that
#    cppcheck expands json_array_foreach and friends instead of giving up on
#    the file ("unknown macro").
# 2. clang-tidy with the checked-in .clang-tidy (bugprone-*, cert-*,
#    clang-analyzer-*; the few disabled checks are justified there), using
#    the real compile commands; any warning fails.
#
# Scope: the server side, src/{common,filter,model,auth,store,review,org,worker,server}. The
# client library and CLI (src/client, src/cli) are outside it; so are
# tests/ and fuzz/. A false positive is silenced where it occurs, with a
# reason: `// cppcheck-suppress <id>` on the line before, or
# `// NOLINT(<check>): why` on the line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${1:-build}
dirs="src/common src/filter src/model src/auth src/store src/review src/org src/worker src/server src/client src/cli"
jobs=$(nproc 2>/dev/null || echo 2)

missing=""
command -v cppcheck >/dev/null 2>&1 || missing="$missing cppcheck"
command -v clang-tidy >/dev/null 2>&1 || missing="$missing clang-tidy"
if [ -n "$missing" ]; then
  echo "installing:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
if [ ! -f "$build/compile_commands.json" ]; then
  echo "lint: $build/compile_commands.json is missing; run make build first" >&2
  exit 1
fi

# shellcheck disable=SC2086
files=$(find $dirs -name '*.c' | sort)
status=0

echo "== cppcheck ($(cppcheck --version))"
jansson_h="$(pkg-config --variable=includedir jansson 2>/dev/null || echo /usr/include)/jansson.h"
# shellcheck disable=SC2086
if ! cppcheck --quiet --std=c11 --enable=warning,performance,portability --error-exitcode=1 \
     --inline-suppr -D_GNU_SOURCE -Isrc --include="$jansson_h" -j "$jobs" $dirs; then
  status=1
fi

echo "== clang-tidy ($(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -1))"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# One file per process, $jobs at a time; compiler notes go to $out as well.
if ! printf '%s\n' $files |
     xargs -P "$jobs" -n 1 clang-tidy -p "$build" --quiet >"$out" 2>&1; then
  status=1
fi
# Keep the findings, drop the "N warnings generated" chatter.
grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' \
  "$out" || true

if [ $status -ne 0 ]; then
  echo "lint: FAILED"
  exit 1
fi
echo "lint: clean ($(echo "$files" | wc -l) files)"
