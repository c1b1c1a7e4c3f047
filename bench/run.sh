#!/usr/bin/env bash
# make bench: recertd at scale, side by side with nginx and Prism, on loopback.
#
# One run: build recertd (Release, build-release/), make or reuse a large demo
# org (bench/.data/demo-N.db), start recertd, nginx serving the very bytes
# recertd answers, and Prism mocking the same OpenAPI spec; drive each with
# wrk (one thread, pinned to one core; the servers pinned to the other) at
# each connection count; then the asynchronous reassignment, import and demo
# measurements, and the review workloads (decide and sign-off of 250-item
# certifications imported into the same store, a page of their items).
# Prints a table and writes bench/.data/results/latest.md.
# docs/performance.md explains the method and the numbers.
#
# Knobs (environment):
#   BENCH_QUICK=1          smoke run: 20,000 identities, 3 s cells, small import
#   BENCH_SCALE=large      8,000,000 identities: 1M certifications, ~36M items (29 GB, ~25 min)
#   BENCH_IDENTITIES=N     demo org size (default 800,000: 100k certifications, 3.6M items)
#   BENCH_DB=PATH          use this store (holding the demo org) instead; see tools/grow-certs.sh
#   BENCH_SECONDS=S        seconds per wrk cell (default 10; warm-up BENCH_WARMUP, default 2)
#   BENCH_CONNECTIONS      connection counts (default "32 256")
#   BENCH_WORKLOADS        subset of "1 2 3 4 5 6 7 8 9 10" (default all; empty: none); 8, 9
#                          and 10 (decide, sign-off, access-review-items page) alone:
#                          BENCH_WORKLOADS="8 9 10"
#   BENCH_REVIEW="D A S"   workloads 8 and 9: D certifications decided once, A decides again of
#                          one of them, S sign-offs (default "400 1000 100"; quick "40 200 10")
#   BENCH_SERVERS          subset of "recertd cold nginx prism" (default all; recertd is always
#                          started; cold is a second recertd with --page-cache 0, for W2, W3, W5)
#   BENCH_OFFSET           offset of workload 3 (default 50000, or half the certifications if fewer)
#   BENCH_IMPORT_IDENTITIES identities of the generated import document (default 100,000)
#   BENCH_THREADS          recertd --threads (default: recertd's own default, one per core)
#   BENCH_SERVER_CPUS / BENCH_CLIENT_CPUS  taskset CPU lists (default 1 / 0)
#   BENCH_PORT             first of five loopback ports (default 18080)
#   BENCH_WAIT_QUIET=S     wait up to S seconds in all for other processes to go quiet before
#                          cells, and measure a cell again (twice at most) if they took CPU in it
#   BENCH_PROFILE=1        also profile recertd with perf under workloads 1, 2 and 3 (and 10)
#   BENCH_SPEC             the OpenAPI file for Prism (default ../shared/spec/... of the repo)
#   BENCH_REV=REV          measure commit REV (built in build-release-rev/) instead of the working tree
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
data="$here/.data"
run="$data/run"
tools="$here/tools"

# ------------------------------------------------------------------ config

quick=${BENCH_QUICK:-0}
if [ "$quick" = 1 ]; then
    N=${BENCH_IDENTITIES:-20000}
    secs=${BENCH_SECONDS:-3}
    warm=${BENCH_WARMUP:-1}
    imp_n=${BENCH_IMPORT_IDENTITIES:-5000}
    re_runs=10 re_big=4 re_small=50 starts=3
    review=${BENCH_REVIEW:-40 200 10}
elif [ "${BENCH_SCALE:-}" = large ]; then
    N=${BENCH_IDENTITIES:-8000000}
    secs=${BENCH_SECONDS:-10}
    warm=${BENCH_WARMUP:-2}
    imp_n=${BENCH_IMPORT_IDENTITIES:-100000}
    re_runs=10 re_big=20 re_small=200 starts=5
    review=${BENCH_REVIEW:-400 1000 100}
else
    N=${BENCH_IDENTITIES:-800000}
    secs=${BENCH_SECONDS:-10}
    warm=${BENCH_WARMUP:-2}
    imp_n=${BENCH_IMPORT_IDENTITIES:-100000}
    re_runs=10 re_big=20 re_small=200 starts=5
    review=${BENCH_REVIEW:-400 1000 100}
fi
conns=${BENCH_CONNECTIONS:-32 256}
workloads=" ${BENCH_WORKLOADS-1 2 3 4 5 6 7 8 9 10} "
read -r rv_decide rv_again rv_signoff <<<"$review"
servers=" ${BENCH_SERVERS-recertd cold nginx prism} "
scpu=${BENCH_SERVER_CPUS:-1}
ccpu=${BENCH_CLIENT_CPUS:-0}
port=${BENCH_PORT:-18080}
rport=$port nport=$((port + 1)) pport=$((port + 2)) iport=$((port + 3)) cport=$((port + 4))
spec=${BENCH_SPEC:-$repo/../shared/spec/certifications-beta.openapi.json}
ntokens=50
wrk_timeout=10s

say() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { say "error: $*"; exit 1; }
has() { case "$1" in *" $2 "*) return 0 ;; *) return 1 ;; esac; }

# ------------------------------------------------------------------ processes

# Every process this script starts is recorded here and stopped by PID on
# exit, whatever the exit path.
pids=()
stop_pid() {
    local pid=$1 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.05
    done
    say "pid $pid did not stop in 5 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
}
forget_pid() {
    local keep=() p
    for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    pids=("${keep[@]+"${keep[@]}"}")
}
cleanup() {
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do stop_pid "${pids[i]}"; done
    pids=()
    rm -f "$run"/import.db "$run"/import.db-wal "$run"/import.db-shm
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Children of pid, recursively (nginx workers, node helpers).
tree_pids() {
    local p=$1 c
    echo "$p"
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree_pids "$c"; done
}
# utime + stime of a process tree, in clock ticks.
cpu_ticks() {
    local t=0 p s
    for p in $(tree_pids "$1"); do
        s=$(cat /proc/"$p"/stat 2>/dev/null) || continue
        s=${s##*) }
        # shellcheck disable=SC2086
        set -- $s
        t=$((t + ${12} + ${13}))
    done
    echo "$t"
}
# Sum of a /proc/PID/status field (kB) over a process tree.
status_kb() {
    local field=$1 t=0 p v
    for p in $(tree_pids "$2"); do
        v=$(awk -v f="$field:" '$1 == f { print $2 }' /proc/"$p"/status 2>/dev/null) || continue
        t=$((t + ${v:-0}))
    done
    echo "$t"
}
wait_port() { # PORT SECONDS
    local i
    for i in $(seq 1 $(($2 * 20))); do
        (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}
port_free() { ! (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
# Waits until a server has worked off what wrk left queued (requests it had
# read before wrk closed the connections): idle = at most one clock tick in
# 200 ms. Returns 1 if it is still busy after SECONDS.
drain() { # PID SECONDS
    local prev cur i
    prev=$(cpu_ticks "$1")
    for i in $(seq 1 $(($2 * 5))); do
        sleep 0.2
        cur=$(cpu_ticks "$1")
        [ $((cur - prev)) -le 1 ] && return 0
        prev=$cur
    done
    return 1
}
# CPU in use on the whole machine over 2 s, in % of one core (200 = two busy
# cores): with our servers idle, that is load from other processes, which
# would skew every number.
machine_busy() { # [SECONDS]
    local a b
    a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
    sleep "${1:-2}"
    b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
    awk -v a="$a" -v b="$b" -v n="$(nproc)" 'BEGIN { split(a, x, " "); split(b, y, " ");
        busy = y[1] - x[1]; idle = y[2] - x[2]; printf "%.0f", busy / (busy + idle) * 100 * n }'
}
# /usr/bin/time -v fields
tv_seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$1"; }
tv_maxrss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# ------------------------------------------------------------------ prerequisites

missing=""
command -v wrk >/dev/null || missing="$missing wrk"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
[ -x /usr/bin/time ] || missing="$missing time"
command -v taskset >/dev/null || missing="$missing util-linux"
command -v sqlite3 >/dev/null || missing="$missing sqlite3"
command -v curl >/dev/null || missing="$missing curl"
if [ "${BENCH_PROFILE:-0}" = 1 ]; then command -v perf >/dev/null || missing="$missing linux-perf"; fi
if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || die "missing:$missing (install them, or run as root)"
    say "installing:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -f "$spec" ] || die "no OpenAPI spec at $spec (set BENCH_SPEC)"
spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")
for p in $rport $nport $pport $iport $cport; do port_free "$p" || die "port $p is in use (set BENCH_PORT)"; done

mkdir -p "$data/results"
rm -rf "$run"
mkdir -p "$run/www" "$run/nginx"
chmod 755 "$data" "$run" "$run/www"
results="$run/results.tsv"
extras="$run/extras.env"
: >"$results"
: >"$extras"
extra() { printf '%s=%s\n' "$1" "$2" >>"$extras"; }

# The working tree by default; BENCH_REV=REV measures a commit instead (its
# tree exported to bench/.data/src, built in build-release-rev/).
if [ -n "${BENCH_REV:-}" ]; then
    rev=$(git -C "$repo" rev-parse --verify "${BENCH_REV}^{commit}") || die "no commit $BENCH_REV"
    src="$data/src"
    rm -rf "$src"
    mkdir -p "$src"
    git -C "$repo" archive "$rev" | tar -x -C "$src"
    bdir="$repo/build-release-rev"
    rev_label="${rev:0:7}"
else
    src=$repo
    bdir="$repo/build-release"
    rev_label="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo ?)$(git -C "$repo" diff --quiet HEAD -- src 2>/dev/null || echo '+local changes')"
fi
say "building recertd $rev_label (Release) in ${bdir#"$repo"/}/"
cmake -S "$src" -B "$bdir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$bdir" -j "$(nproc)" --target recertd >/dev/null
bin="$bdir/recertd"

prism_js="$here/node_modules/@stoplight/prism-cli/dist/index.js"
if has "$servers" prism && { [ ! -f "$prism_js" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; }; then
    say "installing Prism (bench/package-lock.json)"
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi

extra date "$(date -u +%Y-%m-%dT%H:%MZ)"
extra machine "$(nproc) x $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
extra versions "recertd $rev_label, $("$nginx_bin" -v 2>&1 | sed 's/.*: //'), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'), prism $(node -p "require('$here/node_modules/@stoplight/prism-cli/package.json').version" 2>/dev/null || echo -), SQLite $(sqlite3 --version | awk '{ print $1 }'), node $(node --version)"
extra setup "wrk -t1 pinned to CPU $ccpu; servers pinned to CPU $scpu; ${secs} s cells after ${warm} s warm-up; connections: $conns"
extra seconds "$secs"
extra conns "$conns"

# ------------------------------------------------------------------ the demo org

db="$data/demo-$N.db"
stats="$data/demo-$N.stats"
if [ -n "${BENCH_DB:-}" ]; then
    # A store of one's own that holds the demo org (its two clients): used as
    # it is, and left as it is except for new client secrets and, if it has
    # none, one reassignment task for workload 1.
    db=$(cd "$(dirname "$BENCH_DB")" && pwd)/$(basename "$BENCH_DB")
    [ -f "$db" ] || die "no store $BENCH_DB"
    stats="$run/store.stats"
    {
        echo "identities=$(sqlite3 "$db" "SELECT count(*) FROM identity")"
        echo "demo_certs=$(sqlite3 "$db" "SELECT count(*) FROM certification")"
        echo "demo_items=$(sqlite3 "$db" "SELECT count(*) FROM review_item")"
    } >"$stats"
    N=$(sed -n 's/^identities=//p' "$stats")
    extra store "$BENCH_DB"
    say "using the store $db"
    timeout 600 "$bin" demo --db "sqlite:$db" >"$run/demo.out" 2>"$run/demo.err" ||
        { cat "$run/demo.err" >&2; die "recertd demo (new secrets) failed on $db"; }
fi
# The cached org is only reused with the schema it was made with: an edited
# migration would not be applied to it again.
# (src/store/migrations/ before the store was split by backend.)
schema=$({ cat "$src"/src/store/sqlite/migrations/*.sql 2>/dev/null || true
           cat "$src"/src/store/migrations/*.sql 2>/dev/null || true; } | sha256sum | cut -c1-16)
if [ -z "${BENCH_DB:-}" ] && [ -s "$stats" ] && ! grep -qx "demo_schema=$schema" "$stats"; then
    say "the schema changed since $db was made: making it again"
    rm -f "$stats"
fi
if [ -n "${BENCH_DB:-}" ]; then
    :
elif [ ! -s "$stats" ] || [ ! -s "$db" ]; then
    rm -f "$db" "$db-wal" "$db-shm" "$db.building" "$stats"
    # Keep at most one large org: making one drops other cached ones of
    # 100,000+ identities (a small org, e.g. BENCH_QUICK's, drops nothing).
    for other in "$data"/demo-*.db; do
        [ -e "$other" ] && [ "$N" -ge 100000 ] || continue
        n=${other##*/demo-}
        n=${n%.db}
        if [ "$n" != "$N" ] && [ "$n" -ge 100000 ] 2>/dev/null; then
            say "removing the cached org $other (one large org at a time)"
            rm -f "$other" "$other-wal" "$other-shm" "$data/demo-$n.stats"
        fi
    done
    # About 3.6 KB an identity in the store (2.81 GB for 800,000), built
    # without a journal in DB.building and then renamed, plus headroom.
    need_kb=$((N * 5))
    avail_kb=$(df -Pk "$data" | awk 'NR == 2 { print $4 }')
    [ "$avail_kb" -gt "$need_kb" ] || die "not enough disk for $N identities: need ~$((need_kb / 1048576)) GB, have $((avail_kb / 1048576)) GB"
    say "generating a demo org of $N identities into $db (about $((N / 280000 + 1)) min)"
    # Peak disk use (the store being built, the store, its log) while
    # generating, sampled every second.
    (
        peak=0
        while sleep 1; do
            t=0
            for f in "$db.building" "$db" "$db-wal"; do t=$((t + $(stat -c %s "$f" 2>/dev/null || echo 0))); done
            [ "$t" -gt "$peak" ] && peak=$t && echo "$peak" >"$run/demo.peak_disk"
        done
    ) &
    sampler=$!
    pids+=("$sampler")
    /usr/bin/time -v -o "$run/demo.time" timeout 36000 taskset -c "$scpu" \
        "$bin" demo --db "sqlite:$db" --identities "$N" >"$run/demo.out" 2>"$run/demo.err" ||
        { cat "$run/demo.err" >&2; die "recertd demo failed"; }
    stop_pid "$sampler"
    forget_pid "$sampler"
    read -r certs items < <(sed -n 's/^created a demo org: \([0-9]*\) certifications, \([0-9]*\) review items.*/\1 \2/p' "$run/demo.out")
    {
        echo "demo_identities=$N"
        echo "demo_certs=$certs"
        echo "demo_items=$items"
        echo "demo_seconds=$(tv_seconds "$run/demo.time")"
        echo "demo_maxrss_kb=$(tv_maxrss "$run/demo.time")"
        echo "demo_db_bytes=$(stat -c %s "$db")"
        echo "demo_peak_disk_bytes=$(cat "$run/demo.peak_disk" 2>/dev/null || echo 0)"
        echo "demo_measured=$(date -u +%Y-%m-%dT%H:%MZ)"
        echo "demo_schema=$schema"
    } >"$stats"
else
    say "reusing $db (delete it, or bench/.data, to regenerate)"
    timeout 600 "$bin" demo --db "sqlite:$db" >"$run/demo.out" 2>"$run/demo.err" ||
        { cat "$run/demo.err" >&2; die "recertd demo (new secrets) failed"; }
fi
cat "$stats" >>"$extras"
certs=$(sed -n 's/^demo_certs=//p' "$stats")
items=$(sed -n 's/^demo_items=//p' "$stats")
extra identities "$N"
extra certifications "$certs"
extra items "$items"
admin_secret=$(sed -n 's/^ORG_ADMIN .*client_secret=\([^ ]*\).*/\1/p' "$run/demo.out")
rev_secret=$(sed -n 's/^reviewer .*client_secret=\([^ ]*\).*/\1/p' "$run/demo.out")
[ -n "$admin_secret" ] && [ -n "$rev_secret" ] || die "no credentials in the output of recertd demo"
offset=${BENCH_OFFSET:-$((certs >= 100000 ? 50000 : certs / 2))}
extra offset "$offset"

# Workloads 8-10 need certifications of 250 items; the demo's hold ~36.
# gen-review.mjs writes 1 + D + S of them over assignments the store holds
# (its clients' identities left out), and they are imported into this store
# with --replace: the same document every time, so a run starts from
# undecided certifications whatever the last one did, and a removed
# assignment is given back (an imported assignment that is held changes
# nothing). After workloads 8 and 9 the document is imported again, so the
# store keeps its access; what stays is the remediation history of the
# bench campaigns (rows outlive a re-import; the driver skips old ones).
review_on=0
if has "$workloads" 8 || has "$workloads" 9 || has "$workloads" 10; then
    review_on=1
    rv_n=$(( (1 + rv_decide + rv_signoff) * 250 ))
    rv_admin=$(sqlite3 "$db" "SELECT identity_id FROM client WHERE client_id = 'recert-demo-admin'")
    # The first assignments in key order (identity ids are random hashes:
    # random identities, 4-5 pieces of access each).
    timeout 600 sqlite3 -separator $'\t' "$db" "SELECT identity_id, access_type, access_id FROM assignment
        WHERE identity_id NOT IN (SELECT identity_id FROM client)
        ORDER BY identity_id, access_type, access_id LIMIT $rv_n" >"$run/review-assignments.tsv" ||
        die "cannot read the assignments of $db"
    rv_doc="$run/review.json" rv_meta="$run/review.meta.json"
    node "$tools/gen-review.mjs" --reviewer "$rv_admin" --decide "$rv_decide" --signoff "$rv_signoff" \
        "$run/review-assignments.tsv" "$rv_doc" "$rv_meta" >/dev/null || die "gen-review.mjs failed"
    say "importing $((1 + rv_decide + rv_signoff)) certifications of 250 items for workloads 8-10 (--replace)"
    /usr/bin/time -v -o "$run/review-import.time" timeout 1800 taskset -c "$scpu" \
        "$bin" import --db "sqlite:$db" --replace "$rv_doc" >"$run/review-import.out" 2>&1 ||
        { tail -20 "$run/review-import.out" >&2; die "recertd import (review certifications) failed"; }
    extra review_import_summary "$(head -1 "$run/review-import.out")"
    extra review_import_seconds "$(tv_seconds "$run/review-import.time")"
    extra review_objects "$(node -p "JSON.stringify(require('$rv_meta').objects)")"
    rv_read=$(node -p "require('$rv_meta').read.cert")
fi

# A task for workload 1: reuse one from an earlier run, else pick an item to
# reassign (the API lists no items, so the store is asked directly).
ada=$(sqlite3 "$db" "SELECT identity_id FROM client WHERE client_id = 'recert-demo-admin'")
# (Schema 4 named the task's certification target_id, with a target_type.)
task_row=$(sqlite3 -separator ' ' "$db" "SELECT target_id, id FROM task WHERE status = 'SUCCESS'
    AND target_type = 'CERTIFICATION' ORDER BY created LIMIT 1")
if [ -z "$task_row" ]; then
    item_row=$(sqlite3 -separator ' ' "$db" "SELECT it.certification_id, it.id FROM certification c
        JOIN review_item it ON it.certification_id = c.id
        WHERE c.reviewer_type = 'IDENTITY' AND c.reviewer_id <> '$ada' AND c.reassign_from_id IS NULL
          AND it.identity_id <> '$ada' LIMIT 1")
    [ -n "$item_row" ] || die "no review item to reassign in $db"
fi

# ------------------------------------------------------------------ recertd: start-up and idle RSS

threads_opt=()
[ -n "${BENCH_THREADS:-}" ] && threads_opt=(--threads "$BENCH_THREADS")
serve_cmd=(taskset -c "$scpu" "$bin" serve --db "sqlite:$db" --listen "127.0.0.1:$rport"
    --rate-limit off --token-ttl 86400 --quiet "${threads_opt[@]+"${threads_opt[@]}"}")
extra serve_cmd "recertd serve --rate-limit off --token-ttl 86400 --quiet ${threads_opt[*]+"${threads_opt[*]}"} (pinned with taskset -c $scpu)"

start_recertd() { # LOG -> sets rpid, launch_ms
    local out
    out=$(node "$tools/launch.mjs" "127.0.0.1:$rport" /beta/certifications "$1" -- "${serve_cmd[@]}") ||
        die "recertd did not start; see $1"
    rpid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$out")
    launch_ms=$(sed -n 's/.*ms=\([0-9.]*\).*/\1/p' <<<"$out")
    pids+=("$rpid")
}
# The same server without its page cache: what every request costs when it
# is not a repeat (first pages, data that keeps changing).
cold_cmd=("${serve_cmd[@]}")
for i in "${!cold_cmd[@]}"; do
    [ "${cold_cmd[i]}" = "127.0.0.1:$rport" ] && cold_cmd[i]="127.0.0.1:$cport"
done
cold_cmd+=(--page-cache 0)
start_cold() { # LOG -> sets cpid
    local out
    out=$(node "$tools/launch.mjs" "127.0.0.1:$cport" /beta/certifications "$1" -- "${cold_cmd[@]}") ||
        die "recertd (--page-cache 0) did not start; see $1"
    cpid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$out")
    pids+=("$cpid")
}

startup_ms=() idle_kb=()
for i in $(seq 1 "$starts"); do
    start_recertd "$run/recertd.log"
    sleep 1
    startup_ms+=("$launch_ms")
    idle_kb+=("$(status_kb VmRSS "$rpid")")
    if [ "$i" -lt "$starts" ]; then
        stop_pid "$rpid"
        forget_pid "$rpid"
    fi
done
extra startup_ms "${startup_ms[*]}"
extra idle_rss_kb "${idle_kb[*]}"
say "recertd up (pid $rpid); start-up ms: ${startup_ms[*]}; idle RSS kB: ${idle_kb[*]}"

base="http://127.0.0.1:$rport"
mint() { # CLIENT_ID SECRET
    local r
    r=$(curl -sS -X POST "$base/oauth/token" -d grant_type=client_credentials \
        --data-urlencode "client_id=$1" --data-urlencode "client_secret=$2")
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$r"
}
admin_tokens=() rev_tokens=()
for i in $(seq 1 $((ntokens / 2))); do
    admin_tokens+=("$(mint recert-demo-admin "$admin_secret")")
    rev_tokens+=("$(mint recert-demo-reviewer "$rev_secret")")
done
atok=${admin_tokens[0]}
rtok=${rev_tokens[0]}
[ -n "$atok" ] && [ -n "$rtok" ] || die "cannot mint tokens"

get() { # TOKEN PATH OUT -> HTTP status
    curl -sS -o "$3" -w '%{http_code}' -H "Authorization: Bearer $1" "$base$2"
}
json_first_id() { node -e 'const a = JSON.parse(require("fs").readFileSync(0, "utf8")); if (!a[0]) process.exit(1); console.log(a[0].id)' <"$1"; }

if [ -z "$task_row" ]; then
    read -r cert item <<<"$item_row"
    body="{\"reassign\":[{\"id\":\"$item\",\"type\":\"ITEM\"}],\"reassignTo\":\"$ada\",\"reason\":\"bench: a task for workload 1\"}"
    r=$(curl -sS -X POST -H "Authorization: Bearer $atok" -H 'Content-Type: application/json' \
        -d "$body" "$base/beta/certifications/$cert/reassign-async")
    tid=$(sed -n 's/.*"id":"\([^"]*\)".*"certificationId".*/\1/p' <<<"$r")
    [ -n "$tid" ] || die "reassign-async failed: $r"
    for i in $(seq 1 200); do
        [ "$(get "$atok" "/beta/certifications/$cert/tasks/$tid" "$run/t.json")" = 200 ] && grep -q '"SUCCESS"' "$run/t.json" && break
        sleep 0.05
    done
    grep -q '"SUCCESS"' "$run/t.json" || die "the workload-1 task did not succeed: $(cat "$run/t.json")"
    task_row="$cert $tid"
fi
read -r task_cert task_id <<<"$task_row"

[ "$(get "$atok" '/beta/certifications?limit=1&filters=campaignRef.campaignType%20eq%20%22SEARCH%22' "$run/gg.json")" = 200 ] ||
    die "cannot list SEARCH certifications"
gg_cert=$(json_first_id "$run/gg.json") || die "no SEARCH (governance group) certification"
[ "$(get "$rtok" '/beta/certifications?limit=1' "$run/rc.json")" = 200 ] || die "cannot list the reviewer's certifications"
rev_cert=$(json_first_id "$run/rc.json") || die "the reviewer has no certification"

# ------------------------------------------------------------------ requests

Q='filters=phase%20eq%20%22ACTIVE%22%20and%20completed%20eq%20false&sorters=-due'
declare -A path tok
path[w1]="/beta/certifications/$task_cert/tasks/$task_id"; tok[w1]=$atok
path[w2]="/beta/certifications?limit=250&$Q"; tok[w2]=$atok
path[w3]="/beta/certifications?limit=250&count=true&offset=$offset&$Q"; tok[w3]=$atok
path[w4]="/beta/certifications/$gg_cert/reviewers"; tok[w4]=$atok
path[r1]="/beta/certifications?limit=250"; tok[r1]=$rtok
path[r2]="/beta/certifications/$rev_cert/reviewers"; tok[r2]=$rtok
path[r3]="/beta/certifications/$rev_cert/tasks-pending"; tok[r3]=$rtok
keys="w1 w2 w3 w4 r1 r2 r3"
# Workload 10: a page of one imported 250-item certification's items (v3;
# not in the beta spec Prism mocks, so Prism has no cell for it).
if has "$workloads" 10; then
    path[w10]="/v3/certifications/$rv_read/access-review-items?limit=250"; tok[w10]=$atok
    keys="$keys w10"
fi
for k in $keys; do
    code=$(get "${tok[$k]}" "${path[$k]}" "$run/www/$k.json")
    [ "$code" = 200 ] || die "GET ${path[$k]} answered $code: $(head -c 300 "$run/www/$k.json")"
    chmod 644 "$run/www/$k.json"
    extra "bytes_$k" "$(stat -c %s "$run/www/$k.json")"
    extra "path_$k" "${path[$k]}"
done
say "response bytes: w1 $(stat -c %s "$run/www/w1.json"), w2 $(stat -c %s "$run/www/w2.json"), w3 $(stat -c %s "$run/www/w3.json"), w4 $(stat -c %s "$run/www/w4.json")"
[ -n "${path[w10]:-}" ] && say "response bytes: w10 $(stat -c %s "$run/www/w10.json")"

# Workload 5: 50 tokens (admin and reviewer alternating), each with its own
# three requests; the same rotation for nginx (static copies) and Prism.
: >"$run/mixed-recertd.txt"; : >"$run/mixed-nginx.txt"; : >"$run/mixed-prism.txt"
for i in $(seq 0 $((ntokens / 2 - 1))); do
    for pair in "w1 r1" "w2 r2" "w4 r3"; do
        read -r a r <<<"$pair"
        printf '%s\t%s\n%s\t%s\n' "${path[$a]}" "${admin_tokens[i]}" "${path[$r]}" "${rev_tokens[i]}" >>"$run/mixed-recertd.txt"
        printf '/%s.json\t%s\n/%s.json\t%s\n' "$a" "${admin_tokens[i]}" "$r" "${rev_tokens[i]}" >>"$run/mixed-nginx.txt"
        printf '%s\t%s\n%s\t%s\n' "${path[$a]#/beta}" "${admin_tokens[i]}" "${path[$r]#/beta}" "${rev_tokens[i]}" >>"$run/mixed-prism.txt"
    done
done

cp "$run/mixed-recertd.txt" "$run/mixed-cold.txt"

if has "$servers" cold; then
    start_cold "$run/cold.log"
    for k in w2 w3; do
        cmp -s <(curl -sS -H "Authorization: Bearer ${tok[$k]}" "http://127.0.0.1:$cport${path[$k]}") "$run/www/$k.json" ||
            die "recertd --page-cache 0 does not answer $k with the same bytes"
    done
fi

# ------------------------------------------------------------------ nginx and Prism

if has "$servers" nginx; then
    mkdir -p "$run/nginx/tmp"
    cat >"$run/nginx/nginx.conf" <<CONF
# The reference static server: one worker, no logging, keep-alive without a
# request cap; the files are byte copies of recertd's answers.
worker_processes 1;
daemon off;
pid $run/nginx/nginx.pid;
error_log $run/nginx/error.log warn;
events { worker_connections 4096; use epoll; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 100000000;
    keepalive_timeout 120s;
    types { }
    default_type application/json;
    client_body_temp_path $run/nginx/tmp/body;
    proxy_temp_path $run/nginx/tmp/proxy;
    fastcgi_temp_path $run/nginx/tmp/fastcgi;
    uwsgi_temp_path $run/nginx/tmp/uwsgi;
    scgi_temp_path $run/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$nport;
        root $run/www;
    }
}
CONF
    taskset -c "$scpu" "$nginx_bin" -p "$run/nginx/" -e "$run/nginx/error.log" -c "$run/nginx/nginx.conf" \
        >"$run/nginx/stdout.log" 2>&1 &
    npid=$!
    pids+=("$npid")
    wait_port "$nport" 10 || die "nginx did not start: $(cat "$run/nginx/error.log")"
    for k in $keys; do
        cmp -s <(curl -sS "http://127.0.0.1:$nport/$k.json") "$run/www/$k.json" || die "nginx does not serve $k.json"
    done
fi
if has "$servers" prism; then
    SCARF_ANALYTICS=false taskset -c "$scpu" node "$prism_js" mock -h 127.0.0.1 -p "$pport" -v silent "$spec" \
        >"$run/prism.log" 2>&1 &
    ppid_=$!
    pids+=("$ppid_")
    wait_port "$pport" 60 || die "Prism did not start: $(tail -5 "$run/prism.log")"
    for k in w1 w2 w3 w4 r1 r2 r3; do
        code=$(curl -sS -o "$run/prism-$k.json" -w '%{http_code}' -H "Authorization: Bearer $atok" "http://127.0.0.1:$pport${path[$k]#/beta}")
        [ "$code" = 200 ] || die "Prism answered $code to ${path[$k]#/beta}: $(head -c 300 "$run/prism-$k.json")"
    done
fi

# ------------------------------------------------------------------ wrk cells

tck=$(getconf CLK_TCK)
rhwm=0
# After a cell: let the server drain; a recertd that cannot within 5 s (a
# backlog of slow requests) is restarted, so that it does not eat into the
# next cell (restarting takes well under a second; its store stays warm in
# the page cache).
settle() {
    local p
    case $1 in recertd) p=$rpid ;; cold) p=$cpid ;; nginx) p=$npid ;; prism) p=$ppid_ ;; esac
    [ "$1" = recertd ] || [ "$1" = cold ] && rhwm=$(( $(status_kb VmHWM "$p") > rhwm ? $(status_kb VmHWM "$p") : rhwm ))
    drain "$p" "$([ "$1" = recertd ] || [ "$1" = cold ] && echo 5 || echo 30)" && return 0
    if [ "$1" = recertd ] || [ "$1" = cold ]; then
        say "$1 still busy 5 s after the load stopped: restarting it"
        stop_pid "$p"
        forget_pid "$p"
        if [ "$1" = recertd ]; then start_recertd "$run/recertd.log"; else start_cold "$run/cold.log"; fi
        extra restarts "$(($(grep -c '^restarts=' "$extras") + 1))"
        return 1
    fi
    say "warning: $1 still busy 30 s after the load stopped"
    return 0
}
busy=$(machine_busy)
extra busy_before "$busy"
[ "$busy" -lt 15 ] || say "warning: other processes use ${busy}% CPU (of $(nproc)00%) while the servers are idle; the numbers will be skewed"
# Busy ticks of the whole machine (all CPUs).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# Before a cell: the load of other processes (servers idle), waiting up to
# BENCH_WAIT_QUIET seconds in all for it to drop under 15 % of a core.
quiet_budget=${BENCH_WAIT_QUIET:-0}
# Sets quiet_b to the load it saw last. (Not called in $(...): the budget
# is spent in this shell, so that it is one budget for the whole run.)
quiet_check() {
    local b
    b=$(machine_busy 1)
    while [ "$b" -ge 15 ] && [ "$quiet_budget" -gt 0 ]; do
        say "other processes use ${b}% CPU; waiting for quiet (${quiet_budget} s left)"
        sleep 5
        quiet_budget=$((quiet_budget - 6))
        b=$(machine_busy 1)
    done
    quiet_b=$b
}
# cell WORKLOAD SERVER PID CONNECTIONS URL SCRIPT TOKEN REQUESTS
cell() {
    local w=$1 srv=$2 pid=$3 c=$4 url=$5 script=$6 token=$7 reqs=$8 t0 t1 s0 s1 line m0 m1 before
    BENCH_TOKEN=$token BENCH_REQUESTS=$reqs timeout $((warm + 30)) taskset -c "$ccpu" \
        wrk -t1 -c"$c" -d"${warm}s" --timeout "$wrk_timeout" -s "$script" "$url" >/dev/null 2>&1 || true
    settle "$srv" || pid=$([ "$srv" = cold ] && echo "$cpid" || echo "$rpid")
    quiet_check
    before=$quiet_b
    t0=$(cpu_ticks "$pid")
    m0=$(machine_ticks)
    s0=$(date +%s%N)
    BENCH_TOKEN=$token BENCH_REQUESTS=$reqs /usr/bin/time -f '%P %U %S' -o "$run/wrk.cpu" timeout $((secs + 30)) \
        taskset -c "$ccpu" wrk -t1 -c"$c" -d"${secs}s" --timeout "$wrk_timeout" -s "$script" "$url" \
        >"$run/wrk.out" 2>&1 || { cat "$run/wrk.out" >&2; die "wrk failed ($w $srv $c)"; }
    s1=$(date +%s%N)
    m1=$(machine_ticks)
    t1=$(cpu_ticks "$pid")
    line=$(grep '^BENCH_WRK ' "$run/wrk.out") || die "no wrk result ($w $srv $c)"
    # shellcheck disable=SC2086
    local requests duration_us p50_us p99_us err_connect err_read err_write err_status err_timeout bytes
    eval "$(sed 's/^BENCH_WRK //; s/ /\n/g' <<<"$line" | grep -E '^(requests|duration_us|bytes|p50_us|p99_us|err_[a-z]+)=')"
    local cpu rss hwm ccpu_pct
    cpu=$(awk -v a="$t0" -v b="$t1" -v t="$tck" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.0f", (b - a) / t / ((s1 - s0) / 1e9) * 100 }')
    rss=$(status_kb VmRSS "$pid")
    hwm=$(status_kb VmHWM "$pid")
    local wrk_pct wrk_u wrk_s other
    read -r wrk_pct wrk_u wrk_s < <(tail -1 "$run/wrk.cpu" | tr -d '%')
    ccpu_pct=$wrk_pct
    # Machine CPU not used by the server or wrk during the cell, in % of a
    # core: other processes, plus interrupt time charged to no process.
    other=$(awk -v m0="$m0" -v m1="$m1" -v a="$t0" -v b="$t1" -v u="$wrk_u" -v s="$wrk_s" -v t="$tck" \
        -v s0="$s0" -v s1="$s1" 'BEGIN { x = ((m1 - m0) - (b - a) - (u + s) * t) / t / ((s1 - s0) / 1e9) * 100;
        printf "%.0f", x < 0 ? 0 : x }')
    local errors=$((err_connect + err_read + err_write + err_status + err_timeout))
    # Other processes took CPU during the cell: measure it again, while the
    # quiet budget lasts (at most twice).
    if [ "$other" -ge 15 ] && [ "$quiet_budget" -gt 0 ] && [ "${retry:-0}" -lt 2 ]; then
        say "W$w $srv c=$c: other processes used ${other}% CPU during the cell; measuring it again"
        settle "$srv" || true
        retry=$((${retry:-0} + 1)) cell "$@"
        return
    fi
    printf '%s\t%s\t%s\t%.1f\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$srv" "$c" \
        "$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { print r / (d / 1e6) }')" \
        "$(awk -v x="$p50_us" 'BEGIN { print x / 1000 }')" "$(awk -v x="$p99_us" 'BEGIN { print x / 1000 }')" \
        "$errors" "$cpu" "$rss" "$hwm" "$ccpu_pct" "$requests" "$before" "$other" >>"$results"
    settle "$srv" || true
    say "$(printf 'W%s %-7s c=%-3s %9.0f req/s  p50 %7.2f ms  p99 %8.2f ms  errors %s  server CPU %s%%  RSS %s kB  other load %s%%/%s%%' \
        "$w" "$srv" "$c" "$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { print r / (d / 1e6) }')" \
        "$(awk -v x="$p50_us" 'BEGIN { print x / 1000 }')" "$(awk -v x="$p99_us" 'BEGIN { print x / 1000 }')" \
        "$errors" "$cpu" "$rss" "$before" "$other")"
}

single="$here/wrk/single.lua"
mixed="$here/wrk/mixed.lua"
for w in 1 2 3 4 5 10; do
    has "$workloads" "$w" || continue
    for c in $conns; do
        for srv in $servers; do
            case $srv in
            recertd) spid=$rpid sbase=$base ;;
            cold)
                case $w in 2 | 3 | 5) ;; *) continue ;; esac # the cache serves certification lists only
                spid=$cpid sbase="http://127.0.0.1:$cport" ;;
            nginx) spid=$npid sbase="http://127.0.0.1:$nport" ;;
            prism)
                [ "$w" = 10 ] && continue # a v3 operation: not in the beta spec
                spid=$ppid_ sbase="http://127.0.0.1:$pport" ;;
            *) die "unknown server $srv" ;;
            esac
            if [ "$w" = 5 ]; then
                cell 5 "$srv" "$spid" "$c" "$sbase/" "$mixed" "" "$run/mixed-$srv.txt"
            else
                case $srv in
                recertd | cold) u=${path[w$w]} ;;
                nginx) u=/w$w.json ;;
                prism) u=${path[w$w]#/beta} ;;
                esac
                cell "$w" "$srv" "$spid" "$c" "$sbase$u" "$single" "${tok[w$w]}" ""
            fi
        done
    done
done
h=$(status_kb VmHWM "$rpid")
extra load_hwm_kb "$((h > rhwm ? h : rhwm))"

# ------------------------------------------------------------------ profile (optional)

if [ "${BENCH_PROFILE:-0}" = 1 ]; then
    prof="$data/profile"
    mkdir -p "$prof"
    psecs=${BENCH_PROFILE_SECONDS:-8}
    for w in 1 2 3 10; do
        [ -n "${path[w$w]:-}" ] || continue # W10 only when selected
        say "profiling recertd under workload $w (perf, cpu-clock, dwarf call graphs, $psecs s)"
        BENCH_TOKEN=${tok[w$w]} timeout $((psecs + 40)) taskset -c "$ccpu" \
            wrk -t1 -c32 -d$((psecs + 4))s --timeout "$wrk_timeout" -s "$single" "$base${path[w$w]}" >"$prof/w$w-wrk.txt" 2>&1 &
        wpid=$!
        pids+=("$wpid")
        sleep 1
        timeout $((psecs + 30)) perf record -q -e cpu-clock -F 499 --call-graph dwarf,16384 -p "$rpid" \
            -o "$prof/w$w.data" -- sleep "$psecs" >/dev/null 2>&1 || say "perf record failed (w$w)"
        wait "$wpid" || true
        forget_pid "$wpid"
        perf report -i "$prof/w$w.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
            grep -v '^$' | head -80 >"$prof/w$w-self.txt" || true
        perf report -i "$prof/w$w.data" --children --sort symbol --stdio -g none 2>/dev/null |
            grep -v '^$' | head -80 >"$prof/w$w-children.txt" || true
    done
    say "profiles in $prof (w*-self.txt: self time; w*-children.txt: inclusive)"
fi

# Stop the read servers before the write benchmarks: one core each way.
for p in "${npid:-}" "${ppid_:-}" "${cpid:-}" "$rpid"; do
    [ -n "$p" ] || continue
    stop_pid "$p"
    forget_pid "$p"
done

extra busy_after "$(machine_busy)"

# ------------------------------------------------------------------ decide (8) and sign-off (9)

# On the bench store itself, with the certifications imported above: a
# recertd with its default workers, one request at a time from
# tools/review.mjs (pinned to the client CPU), which times each request and
# reads the server's CPU per thread around it.
if has "$workloads" 8 || has "$workloads" 9; then
    d_n=$rv_decide a_n=$rv_again s_n=$rv_signoff
    has "$workloads" 8 || d_n=0 a_n=0
    has "$workloads" 9 || s_n=0
    for attempt in 1 2 3; do
        start_recertd "$run/recertd-review.log"
        base="http://127.0.0.1:$rport"
        vtok=$(mint recert-demo-admin "$admin_secret")
        [ -n "$vtok" ] || die "cannot mint a token for the review workloads"
        quiet_check
        rv_before=$quiet_b
        say "review: decide 250 items on $d_n certifications, again $a_n times on one; $s_n sign-offs of 250 revocations"
        timeout 1800 taskset -c "$ccpu" node "$tools/review.mjs" "$base" "$vtok" "$rv_meta" "$rpid" \
            "$d_n" "$a_n" "$s_n" "$db" >"$run/review.out" 2>&1 ||
            { cat "$run/review.out" >&2; die "the review benchmark failed"; }
        rv_hwm=$(status_kb VmHWM "$rpid")
        stop_pid "$rpid"
        forget_pid "$rpid"
        # Other processes took CPU during a phase: measure again from
        # undecided certifications (the document imported again), while
        # the quiet budget lasts (twice at most).
        rv_other=$(sed -n 's/^BENCH_REVIEW //p' "$run/review.out" |
            node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
                console.log(Math.max(0, ...["decide_distinct", "decide_again", "signoff"].filter((k) => r[k]).map((k) => r[k].other_pct)))')
        [ "$rv_other" -ge 15 ] && [ "$quiet_budget" -gt 0 ] && [ "$attempt" -lt 3 ] || break
        say "review: other processes used up to ${rv_other}% CPU during a phase; measuring again"
        timeout 1800 taskset -c "$scpu" "$bin" import --db "sqlite:$db" --replace "$rv_doc" \
            >"$run/review-restore.out" 2>&1 || { tail -20 "$run/review-restore.out" >&2; die "the review import failed"; }
    done
    extra review_busy_before "$rv_before"
    extra review_attempts "$attempt"
    extra review "$(sed -n 's/^BENCH_REVIEW //p' "$run/review.out")"
    extra review_hwm_kb "$rv_hwm"
    # The revocations removed real access: none of the signed-off
    # certifications' items is still held; re-importing gives it back.
    held() { # how many items of the first s_n sign-off certifications are held
        node -p "require('$rv_meta').signoff.slice(0, $s_n).map((c) => \"'\" + c.cert + \"'\").join(',')" >"$run/signoff.ids"
        [ -s "$run/signoff.ids" ] || { echo 0; return; }
        sqlite3 "$db" "SELECT count(*) FROM review_item i JOIN assignment a ON a.identity_id = i.identity_id
            AND a.access_type = i.access_type AND a.access_id = i.access_id
            WHERE i.certification_id IN ($(cat "$run/signoff.ids"))"
    }
    if [ "$s_n" -gt 0 ]; then
        left=$(held)
        [ "$left" = 0 ] || die "after sign-off, $left revoked assignments are still held"
        extra review_removed "$((s_n * 250))"
    fi
    say "restoring the store's access (importing the review document again)"
    timeout 1800 taskset -c "$scpu" "$bin" import --db "sqlite:$db" --replace "$rv_doc" \
        >"$run/review-restore.out" 2>&1 || { tail -20 "$run/review-restore.out" >&2; die "the restoring import failed"; }
    [ "$s_n" = 0 ] || [ "$(held)" = $((s_n * 250)) ] || die "the restoring import did not give the access back"
fi

# ------------------------------------------------------------------ import (7) and reassignment (6)

if has "$workloads" 6 || has "$workloads" 7; then
    doc="$data/import-$imp_n-$((re_runs + re_big))-$re_small.json"
    meta="${doc%.json}.meta.json"
    if [ ! -s "$doc" ] || [ ! -s "$meta" ]; then
        say "generating an import document of $imp_n identities"
        node "$tools/gen-org.mjs" --identities "$imp_n" --big-certs $((re_runs + re_big)) \
            --big-items 520 --small-tasks "$re_small" "$doc.tmp" "$meta" >/dev/null
        mv "$doc.tmp" "$doc"
    fi
    idb="$run/import.db"
    say "importing $(du -h "$doc" | cut -f1) ($imp_n identities)"
    /usr/bin/time -v -o "$run/import.time" timeout 3600 taskset -c "$scpu" \
        "$bin" import --db "sqlite:$idb" "$doc" >"$run/import.out" 2>&1 ||
        { tail -20 "$run/import.out" >&2; die "recertd import failed"; }
    extra import_summary "$(head -1 "$run/import.out")"
    extra import_seconds "$(tv_seconds "$run/import.time")"
    extra import_maxrss_kb "$(tv_maxrss "$run/import.time")"
    extra import_doc_bytes "$(stat -c %s "$doc")"
    extra import_objects "$(node -p "JSON.stringify(require('$meta').objects)")"

    if has "$workloads" 6; then
        icmd=(taskset -c "$scpu" "$bin" serve --db "sqlite:$idb" --listen "127.0.0.1:$iport"
            --rate-limit off --token-ttl 86400 --quiet --workers 2 "${threads_opt[@]+"${threads_opt[@]}"}")
        out=$(node "$tools/launch.mjs" "127.0.0.1:$iport" /beta/certifications "$run/recertd-import.log" -- "${icmd[@]}") ||
            die "recertd (import store) did not start"
        ipid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$out")
        pids+=("$ipid")
        isecret=$(node -p "require('$meta').client_secret")
        base="http://127.0.0.1:$iport"
        itok=$(mint bench-admin "$isecret")
        [ -n "$itok" ] || die "cannot mint a token on the import store"
        say "reassignment: $re_runs x 500 items one at a time, then $re_big x 500 and $re_small x ~4 with 2 workers"
        timeout 900 taskset -c "$ccpu" node "$tools/reassign.mjs" "$base" "$itok" "$meta" \
            "$re_runs" "$re_big" "$re_small" 4 >"$run/reassign.out" 2>&1 ||
            { cat "$run/reassign.out" >&2; die "the reassignment benchmark failed"; }
        extra reassign "$(sed -n 's/^BENCH_REASSIGN //p' "$run/reassign.out")"
        extra reassign_hwm_kb "$(status_kb VmHWM "$ipid")"
        stop_pid "$ipid"
        forget_pid "$ipid"
    fi
fi

# ------------------------------------------------------------------ report

stamp=$(date -u +%Y%m%dT%H%M%SZ)
node "$tools/report.mjs" "$results" "$extras" "$data/results/$stamp.md"
# A run that measured nothing (e.g. a profile-only run) keeps latest.md.
if [ -s "$results" ] || has "$workloads" 6 || has "$workloads" 7 || has "$workloads" 8 || has "$workloads" 9; then
    cp "$data/results/$stamp.md" "$data/results/latest.md"
fi
cp "$results" "$data/results/$stamp.tsv"
cp "$extras" "$data/results/$stamp.env"
say "report: bench/.data/results/$stamp.md (and latest.md)"
