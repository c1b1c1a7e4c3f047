#!/usr/bin/env bash
# The client suite: librecert and the recert CLI.
#
#   tests/client/run.sh BUILD_DIR      (e.g. build or build-asan)
#
# Runs, against BUILD_DIR's binaries: the unit tests (JSON decoding,
# URL/query encoding, configuration), the library integration test (real
# recertd processes plus a mock server, all on loopback), the CLI tests
# (node:test), and an install check (make install layout, pkg-config,
# headers compiled alone as C11 and C++, the guide's example built against
# the installed library and run against recertd). Ends with the line
# "N passed, M failed" and exits non-zero on any failure.
set -uo pipefail

build=${1:?usage: tests/client/run.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$build" && pwd) || exit 2
here="$root/tests/client"
for bin in recertd recert test_client_integration; do
  [ -x "$build/$bin" ] || { echo "run.sh: $build/$bin is missing (build first)"; echo "0 passed, 1 failed"; exit 1; }
done

# Loopback only: never through a proxy.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
unset SAIL_BASE_URL SAIL_CLIENT_ID SAIL_CLIENT_SECRET SAIL_ACCESS_TOKEN
sanitized=false
if grep -q '^RECERT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  sanitized=true
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
fi

tmp=$(mktemp -d /tmp/recert-client-run-XXXXXX)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

passed=0
failed=0
waiting=0
# Adds the counts of a TAP stream (cmocka's "ok N" / "not ok N", node's too).
# A test waiting for recertd to serve an operation (cmocka's "# SKIP" after
# its "# WAITING ..." line, node's "# TODO WAITING ...") is counted apart and
# named, never passed silently.
count_tap() {
  local log=$1 ok bad wait
  wait=$(grep -cE '^(not )?ok [0-9]+ .*# (SKIP|TODO)' "$log")
  ok=$(grep -E '^ok [0-9]+' "$log" | grep -cvE '# (SKIP|TODO)')
  bad=$(grep -E '^not ok [0-9]+' "$log" | grep -cvE '# (SKIP|TODO)')
  passed=$((passed + ok))
  failed=$((failed + bad))
  waiting=$((waiting + wait))
  echo "   ($ok ok, $bad not ok, $wait waiting)"
  [ "$bad" -eq 0 ] || grep -E '^not ok [0-9]+' "$log" | grep -vE '# (SKIP|TODO)' | sed 's/^/  FAILED: /'
  [ "$wait" -eq 0 ] || { grep -E '^(not )?ok [0-9]+ .*# (SKIP|TODO)' "$log"; grep -E '^# WAITING' "$log"; } |
    sed 's/^/  WAITING: /'
}
# A check that is one command: counted as one test.
check() {
  local name=$1
  shift
  if "$@" >"$tmp/check.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok - $name"
  else
    failed=$((failed + 1))
    echo "not ok - $name"
    sed 's/^/  | /' "$tmp/check.log" | tail -20
  fi
}
# Runs a TAP-producing program; a crash or a missing plan counts as a failure.
tap() {
  local name=$1
  shift
  echo "== $name"
  timeout 120 "$@" >"$tmp/$name.tap" 2>&1
  local status=$?
  count_tap "$tmp/$name.tap"
  if [ $status -ne 0 ] && ! grep -qE '^not ok [0-9]+' "$tmp/$name.tap"; then
    failed=$((failed + 1))
    echo "  FAILED: $name exited $status"
    tail -30 "$tmp/$name.tap" | sed 's/^/  | /'
  elif [ $status -ne 0 ]; then
    grep -vE '^(ok|not ok|#|TAP|1\.\.)' "$tmp/$name.tap" | head -40 | sed 's/^/  | /'
  fi
}

export CMOCKA_MESSAGE_OUTPUT=TAP
for t in config decode schema url; do
  tap "unit-$t" "$build/src/client/test_client_$t"
done
tap integration "$build/test_client_integration" "$build/recertd" "$here/fixture.json"
unset CMOCKA_MESSAGE_OUTPUT
tap cli env RECERT_CLI="$build/recert" RECERTD="$build/recertd" \
  node --test --test-reporter=tap --test-concurrency=1 "$here/cli.test.mjs"

echo "== docs"
check "docs/client.md shows examples/list_and_reassign.c as it is" \
  bash -c "sed -n '/^<!-- example: examples\/list_and_reassign.c/,\$p' '$root/docs/client.md' | sed '1,2d;\$d' |
    diff - '$root/examples/list_and_reassign.c'"
opts_ok=true
opts=$( { "$build/recert" --help; for c in list get items reviewers permissions tasks task reassign; do
  "$build/recert" certifications "$c" --help; done; for c in decide sign-off summaries tasks task; do
  "$build/recert" "$c" --help; done; } | grep -oE -- '--[a-z][a-z-]+' | sort -u)
for o in $opts; do
  grep -qF -- "\`$o" "$root/docs/cli.md" || { echo "docs/cli.md lacks $o"; opts_ok=false; }
  grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$root/docs/man/recert.1" || { echo "recert.1 lacks $o"; opts_ok=false; }
done
[ -n "$opts" ] || opts_ok=false
check "every option of recert --help is in docs/cli.md and recert.1" $opts_ok

echo "== install"
prefix="$tmp/prefix"
cflags=""
$sanitized && cflags="-fsanitize=address,undefined -fno-sanitize-recover=all"
check "cmake --install puts the library, headers, recert.pc, recert and recert.1 under PREFIX" \
  bash -c "cmake --install '$build' --prefix '$prefix' >/dev/null && ls '$prefix'/lib*/librecert.so '$prefix'/lib*/librecert.a \
    '$prefix'/include/recert/recert.h '$prefix'/lib*/pkgconfig/recert.pc '$prefix'/bin/recert '$prefix'/share/man/man1/recert.1"
check "the shared library exports recert_* symbols only" \
  bash -c "nm -D --defined-only '$prefix'/lib*/librecert.so | awk '{print \$3}' | grep -q '^recert_list_certifications\$' \
    && ! nm -D --defined-only '$prefix'/lib*/librecert.so | awk '{print \$3}' | grep -v '^recert_'"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(echo "$prefix"/lib*/pkgconfig)
check "pkg-config --cflags --libs recert points into PREFIX" \
  bash -c "pkg-config --cflags --libs recert | grep -q -- '-I$prefix/include' && pkg-config --libs recert | grep -q -- '-lrecert'"
hdr_ok=true
for h in "$prefix"/include/recert/*.h; do
  printf '#include <recert/%s>\ntypedef int only_this_header;\n' "$(basename "$h")" >"$tmp/hdr.c"
  cc -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$prefix/include" "$tmp/hdr.c" \
    >"$tmp/hdr.log" 2>&1 || { hdr_ok=false; echo "$h:"; cat "$tmp/hdr.log"; }
done
check "each public header compiles alone (C11, -pedantic -Werror)" $hdr_ok
if command -v c++ >/dev/null 2>&1; then
  check "the public headers compile as C++" \
    bash -c "echo '#include <recert/recert.h>
int main() { recert_client_options o = RECERT_CLIENT_OPTIONS_INIT; return (int)o.version - 1; }' |
      c++ -std=c++11 -Wall -Wextra -Werror -x c++ - -o '$tmp/cxx' \$(pkg-config --cflags --libs recert) $cflags"
else
  echo "(no C++ compiler: the C++ header check did not run)"
fi
check "the guide's example builds against the installed library with pkg-config" \
  bash -c "cc -std=c11 -Wall -Wextra -Werror $cflags '$root/examples/list_and_reassign.c' -o '$tmp/example' \
    \$(pkg-config --cflags --libs recert) -Wl,-rpath,$(echo "$prefix"/lib*)"

# The example against a real recertd: list, then reassign and wait.
db="$tmp/example.db"
"$build/recertd" import --db "sqlite:$db" "$here/fixture.json" >/dev/null
: >"$tmp/server.log"
"$build/recertd" serve --db "sqlite:$db" --listen 127.0.0.1:0 --quiet --rate-limit off 2>>"$tmp/server.log" &
server_pid=$!
base=
for _ in $(seq 1 300); do
  base=$(sed -n 's/.* on \(http:\/\/[0-9.:]*\) .*/\1/p' "$tmp/server.log")
  [ -n "$base" ] && break
  sleep 0.05
done
[ -n "$base" ] || { echo "recertd did not start:"; cat "$tmp/server.log"; }
export SAIL_BASE_URL=$base SAIL_CLIENT_ID=c-admin SAIL_CLIENT_SECRET=test-secret-0123456789
check "the example lists the ACTIVE certifications" \
  bash -c "'$tmp/example' >'$tmp/ex.out' && grep -q '^cert-1 .*Q4 Manager Review for Mia Manager *2/6 *Mia Manager\$' '$tmp/ex.out' \
    && grep -q '^10 certifications\$' '$tmp/ex.out'"
check "the example reassigns an item and waits for SUCCESS" \
  bash -c "'$tmp/example' cert-2 item-21 id-m1 >'$tmp/ex2.out' && grep -q ': SUCCESS\$' '$tmp/ex2.out'"
check "the example reports a server error with its tracking id" \
  bash -c "! '$tmp/example' cert-2 no-such-item id-m1 2>'$tmp/ex3.err' && grep -q 'bad request' '$tmp/ex3.err' \
    && grep -qE 'HTTP 400, tracking id [0-9a-f]{32}' '$tmp/ex3.err'"

# The link commands of docs/client.md as written (the fenced block after each
# <!-- link: NAME --> marker), run for this temporary PREFIX with prog.c the
# guide's example; cc carries the sanitizer flags of a sanitized build.
snippet() {
  sed -n "/^<!-- link: $1 -->\$/,/^\`\`\`\$/p" "$root/docs/client.md" | sed '1,2d;$d'
}
link_check() {
  local name=$1 dir="$tmp/link-$1"
  mkdir -p "$dir" && cp "$root/examples/list_and_reassign.c" "$dir/prog.c" || return 1
  local text
  text=$(snippet "$name")
  [ -n "$text" ] || { echo "docs/client.md has no <!-- link: $name --> block"; return 1; }
  echo "$text"
  # The PREFIX blocks set PKG_CONFIG_PATH themselves; the static one uses the caller's.
  local keep=${2:-}
  [ -n "$keep" ] || unset PKG_CONFIG_PATH
  (cd "$dir" && PREFIX="$prefix" bash -euc "cc() { command cc $cflags \"\$@\"; }; $text")
}
prefix_pc=$PKG_CONFIG_PATH
check "docs/client.md: a non-standard PREFIX with rpath builds and runs" \
  bash -c "$(declare -f snippet link_check); root='$root' tmp='$tmp' prefix='$prefix' cflags='$cflags'
    [ \"\$(echo $prefix/lib*/pkgconfig)\" = '$prefix/lib/pkgconfig' ] || { echo 'libdir is not PREFIX/lib'; exit 1; }
    link_check prefix-rpath | tee '$tmp/link-rpath.out' && grep -qE '^[0-9]+ certifications\$' '$tmp/link-rpath.out'"
check "docs/client.md: a non-standard PREFIX with LD_LIBRARY_PATH builds and runs (and not without it)" \
  bash -c "$(declare -f snippet link_check); root='$root' tmp='$tmp' prefix='$prefix' cflags='$cflags'
    link_check prefix-ld-library-path | tee '$tmp/link-ldp.out' && grep -qE '^[0-9]+ certifications\$' '$tmp/link-ldp.out' &&
    ! '$tmp/link-prefix-ld-library-path/prog' 2>&1 | grep -q certifications"
check "docs/client.md: librecert.a with libcurl and jansson shared links, needs no librecert.so, runs" \
  bash -c "$(declare -f snippet link_check); root='$root' tmp='$tmp' prefix='$prefix' cflags='$cflags'
    PKG_CONFIG_PATH='$prefix_pc'; export PKG_CONFIG_PATH
    link_check static-librecert keep >/dev/null &&
    readelf -d '$tmp/link-static-librecert/prog' > '$tmp/needed' && cat '$tmp/needed' | grep NEEDED &&
    ! grep -q 'librecert' '$tmp/needed' && grep -q 'libcurl' '$tmp/needed' && grep -q 'libjansson' '$tmp/needed' &&
    (cd /; '$tmp/link-static-librecert/prog') | grep -qE '^[0-9]+ certifications\$'"
check "recert.pc: Requires.private names libcurl and jansson, so --static asks their .pc files" \
  bash -c "grep -qx 'Requires.private: libcurl jansson' '$prefix'/lib*/pkgconfig/recert.pc &&
    [ \"\$(pkg-config --static --libs recert)\" = \"-L$(echo "$prefix"/lib*) -lrecert \$(pkg-config --static --libs libcurl jansson)\" ] ||
    { echo \"got: \$(pkg-config --static --libs recert)\"; exit 1; }"
unset SAIL_BASE_URL SAIL_CLIENT_ID SAIL_CLIENT_SECRET

if [ "$waiting" -gt 0 ]; then
  echo "$passed passed, $failed failed, $waiting waiting for recertd to serve an operation (named above)"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
