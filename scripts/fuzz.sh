#!/usr/bin/env bash
# make fuzz: builds every fuzz target with clang + libFuzzer + ASan + UBSan
# into build-fuzz/ and runs each for FUZZ_SECONDS, FUZZ_JOBS at a time.
# Fails if any target fails to build, crashes, leaks, times out or trips an
# oracle; the reproducer is left in build-fuzz/work/<target>/ and named in
# the log.
#
#   FUZZ_SECONDS=8      seconds per target (libFuzzer -max_total_time)
#   FUZZ_TARGETS="..."  subset, e.g. "filter jwt" (default: every fuzz/fuzz_*.c)
#   FUZZ_JOBS=N         targets run in parallel (default: number of cores)
#   FUZZ_ARGS="..."     extra libFuzzer flags, e.g. "-only_ascii=1"
#
# Each run writes new inputs to a scratch corpus, build-fuzz/work/<t>/corpus
# (seeded from fuzz/corpus/<t> and kept between runs, so coverage grows),
# and reads fuzz/corpus/<t> without writing to it. To keep a find, copy it
# into fuzz/corpus/<t>/ by hand (see fuzz/README.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=${FUZZ_SECONDS:-8}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
out=build-fuzz
targets=${FUZZ_TARGETS:-$(cd fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//' | tr '\n' ' ')}

# clang and its runtime libraries (libFuzzer, sanitizers): install only if missing.
have_libfuzzer() {
  command -v clang >/dev/null 2>&1 &&
    echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }' |
      clang -fsanitize=fuzzer,address,undefined -x c - -o /dev/null >/dev/null 2>&1
}
if ! have_libfuzzer; then
  echo "== installing clang and libFuzzer"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-dev >/dev/null
  have_libfuzzer || { echo "FAIL: clang cannot link libFuzzer"; exit 1; }
fi

mkdir -p "$out/obj" "$out/work"
# The project's warning flags. -Werror only for the targets: the gcc build
# is the warnings gate for src/, and a clang-only warning there should not
# stop fuzzing (it is printed, though).
CFLAGS=(-std=c11 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE -Isrc -Ifuzz
        -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
        -fsanitize=address,undefined -fno-sanitize-recover=all)
# shellcheck disable=SC2207
PKG=($(pkg-config --cflags jansson sqlite3 libcrypto libmicrohttpd))
# shellcheck disable=SC2207
LIBS=($(pkg-config --libs jansson sqlite3 libcrypto libmicrohttpd) -lpthread)

# The project's libraries as one archive, instrumented for coverage. A fuzz
# target links against it like any program.
echo "== building into $out/"
mig=$(ls src/store/sqlite/migrations/*.sql | sort | tr '\n' '|')
cmake -DOUT="$out/obj/migrations.c" "-DINPUTS=${mig%|}" -P cmake/embed.cmake
srcs=$(find src/common src/filter src/model src/auth src/store src/review src/org src/worker src/server -name '*.c' ! -name main.c | sort)
newest_header=$(find src fuzz -name '*.h' -printf '%T@\n' | sort -n | tail -1)
compile() { # SRC OBJ
  local src=$1 obj=$2
  if [ -f "$obj" ] && [ "$obj" -nt "$src" ] &&
     [ "$(stat -c %Y "$obj")" -ge "${newest_header%.*}" ]; then
    return 0
  fi
  clang "${CFLAGS[@]}" "${PKG[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
}
objs=()
for s in $srcs "$out/obj/migrations.c"; do
  objs+=("$out/obj/$(echo "${s#src/}" | tr '/' '_' | sed 's/\.c$/.o/')")
done
build_ok=1
i=0
pids=()
for s in $srcs "$out/obj/migrations.c"; do
  compile "$s" "${objs[$i]}" &
  pids+=($!)
  i=$((i + 1))
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || build_ok=0
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || build_ok=0; done
if [ $build_ok = 0 ]; then
  echo "FAIL: the project sources do not build with clang"
  echo "0 passed, $(echo $targets | wc -w) failed"
  exit 1
fi
rm -f "$out/librecert.a"
ar rcs "$out/librecert.a" "${objs[@]}"

passed=0
failed=0
failures=""
declare -A built
for t in $targets; do
  if clang "${CFLAGS[@]}" -Werror "${PKG[@]}" -fsanitize=fuzzer "fuzz/fuzz_$t.c" "$out/librecert.a" \
       "${LIBS[@]}" -o "$out/fuzz_$t"; then
    built[$t]=1
  else
    echo "FAIL: fuzz_$t does not build"
    failed=$((failed + 1))
    failures="$failures $t(build)"
  fi
done

# One target: fresh artifacts dir, scratch corpus first (written), repo
# corpus second (read only). Exit status is libFuzzer's.
run_one() {
  local t=$1 w="$out/work/$1"
  mkdir -p "$w/corpus"
  rm -f "$w"/crash-* "$w"/leak-* "$w"/timeout-* "$w"/oom-* "$w"/slow-unit-*
  [ -n "$(ls -A "$w/corpus")" ] || cp fuzz/corpus/"$t"/* "$w/corpus/"
  local dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$out/fuzz_$t" "$w/corpus" "fuzz/corpus/$t" "${dict[@]}" -max_total_time="$seconds" \
      -timeout=30 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$w/" ${FUZZ_ARGS:-} >"$w/log" 2>&1
}

echo "== fuzzing: ${seconds}s per target, $jobs at a time"
declare -A pid_of
running=()
finish() { # TARGET PID
  local t=$1 execs
  if wait "$2"; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/work/$t/log" | tail -1)
    echo "ok    fuzz_$t  ${execs:-?} execs, corpus $(ls "$out/work/$t/corpus" | wc -l)"
    passed=$((passed + 1))
  else
    echo "FAIL  fuzz_$t  (log: $out/work/$t/log)"
    grep -E "ERROR|SUMMARY|runtime error|fuzz oracle|Test unit written" "$out/work/$t/log" | head -8 |
      sed 's/^/      /'
    failed=$((failed + 1))
    failures="$failures $t"
  fi
}
for t in $targets; do
  [ -n "${built[$t]:-}" ] || continue
  run_one "$t" &
  pid_of[$t]=$!
  running+=("$t")
  if [ ${#running[@]} -ge "$jobs" ]; then
    finish "${running[0]}" "${pid_of[${running[0]}]}"
    running=("${running[@]:1}")
  fi
done
for t in "${running[@]}"; do finish "$t" "${pid_of[$t]}"; done

[ -z "$failures" ] || echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
