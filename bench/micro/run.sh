#!/usr/bin/env bash
# Builds and runs micro.c against build-release/'s static libraries (see micro.c).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$(dirname "$here")")
b="$repo/build-release"
cmake -S "$repo" -B "$b" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$b" -j "$(nproc)" --target recert_auth recert_common >/dev/null
out="$here/../.data/micro"
mkdir -p "$(dirname "$out")"
gcc -O2 -std=c11 -D_GNU_SOURCE -I"$repo/src" "$here/micro.c" -o "$out" \
    "$b/librecert_auth.a" "$b/librecert_common.a" $(pkg-config --libs jansson libcrypto)
exec taskset -c "${BENCH_SERVER_CPUS:-1}" "$out"
