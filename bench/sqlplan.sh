#!/usr/bin/env bash
# sqlplan: the query plans and costs behind the read workloads, measured with
# the sqlite3 CLI on a benchmark store (no server involved).
#
#   bench/sqlplan.sh [DB] [OFFSET]    (default: the largest bench/.data/demo-*.db, 50000)
#
# For each statement: EXPLAIN QUERY PLAN, then the median CPU time (user + sys
# of the CLI's ".timer", microsecond resolution; the store is in the page
# cache, so CPU time is the query's time) of SQLPLAN_RUNS runs (default 9),
# with the connection settings of src/store/sqlite/pool.c conn_open.
#
# "current" statements are the text src/store/sqlite/ generates for the
# workloads (the server binds anonymous ? parameters; here they are numbered,
# which gives the same plan); "before 7d3b828" ones are what it generated
# before that commit; "proposal" ones are rewrites docs/performance.md
# proposes, so each gain is measured on the same data.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
db=${1:-$(ls -S "$here"/.data/demo-*.db 2>/dev/null | head -1)}
offset=${2:-50000}
[ -f "$db" ] || { echo "usage: sqlplan.sh DB [OFFSET]" >&2; exit 2; }
runs=${SQLPLAN_RUNS:-9}

reviewer=$(sqlite3 "$db" "SELECT identity_id FROM client WHERE client_id = 'recert-demo-reviewer'")
gg=$(sqlite3 "$db" "SELECT c.id FROM certification c JOIN campaign cp ON cp.id = c.campaign_id WHERE cp.type = 'SEARCH' LIMIT 1")
camp=$(sqlite3 "$db" "SELECT campaign_id FROM certification GROUP BY campaign_id ORDER BY count(*) DESC LIMIT 1")
task=$(sqlite3 -separator ' ' "$db" "SELECT certification_id, id FROM task LIMIT 1")
read -r task_cert task_id <<<"${task:-x x}"

# src/store/sqlite/certs.c: CERT_SELECT
SEL="SELECT c.id, c.name, c.phase, c.due, c.signed, c.created, c.modified, cp.id, cp.name, cp.type,\
 cp.description, cp.correlated_status, cp.mandatory_comment, c.reviewer_type, c.reviewer_id,\
 coalesce(ri.name, rg.name), ri.email, c.reassign_from_id, fc.name, fc.reviewer_type, fc.reviewer_id,\
 coalesce(fi.name, fg.name), fi.email, c.reassign_comment, c.has_errors, c.error_message,\
 c.decisions_made, c.decisions_total, c.entities_completed, c.entities_total, c.completed"
FROM=" FROM certification c JOIN campaign cp ON cp.id = c.campaign_id\
 LEFT JOIN identity ri ON c.reviewer_type = 'IDENTITY' AND ri.id = c.reviewer_id\
 LEFT JOIN governance_group rg ON c.reviewer_type = 'GOVERNANCE_GROUP' AND rg.id = c.reviewer_id\
 LEFT JOIN certification fc ON fc.id = c.reassign_from_id\
 LEFT JOIN identity fi ON fc.reviewer_type = 'IDENTITY' AND fi.id = fc.reviewer_id\
 LEFT JOIN governance_group fg ON fc.reviewer_type = 'GOVERNANCE_GROUP' AND fg.id = fc.reviewer_id"
W2="$SEL$FROM WHERE 1 = 1 AND ((c.phase = ?1) AND (c.completed = ?2))"
REVIEWS=" AND ((c.reviewer_type = 'IDENTITY' AND c.reviewer_id = ?1) OR\
 (c.reviewer_type = 'GOVERNANCE_GROUP' AND c.reviewer_id IN\
 (SELECT group_id FROM group_member WHERE identity_id = ?1)))"

# label | parameters (sqlite3 .parameter set commands) | statement [| setup]
# A setup (e.g. a proposed index) runs in a transaction that is rolled back
# at the end: the store is left as it was.
JOINS=" JOIN campaign cp ON cp.id = c.campaign_id\
 LEFT JOIN identity ri ON c.reviewer_type = 'IDENTITY' AND ri.id = c.reviewer_id\
 LEFT JOIN governance_group rg ON c.reviewer_type = 'GOVERNANCE_GROUP' AND rg.id = c.reviewer_id\
 LEFT JOIN certification fc ON fc.id = c.reassign_from_id\
 LEFT JOIN identity fi ON fc.reviewer_type = 'IDENTITY' AND fi.id = fc.reviewer_id\
 LEFT JOIN governance_group fg ON fc.reviewer_type = 'GOVERNANCE_GROUP' AND fg.id = fc.reviewer_id"
# the SQLite backend since 7d3b828: the page's keys from the covering index, then the rows;
# since b77aed7 in the keys' order (CROSS JOIN), not sorted again.
KEYED="$SEL FROM (SELECT c.id AS pid FROM certification c WHERE 1 = 1 AND ((c.phase = ?1) AND (c.completed = ?2))\
 ORDER BY c.due DESC, c.id DESC LIMIT ?3 OFFSET ?4) AS pg CROSS JOIN certification c ON c.id = pg.pid$JOINS"
KEYED_SORTED="$KEYED ORDER BY c.due DESC, c.id DESC"
queries=(
"before 7d3b828: W2 page (tie-break c.id ASC after due DESC)|?1 'ACTIVE';?2 0;?3 250;?4 0|$W2 ORDER BY c.due DESC, c.id LIMIT ?3 OFFSET ?4"
"before 7d3b828: W3 page (offset $offset)|?1 'ACTIVE';?2 0;?3 250;?4 $offset|$W2 ORDER BY c.due DESC, c.id LIMIT ?3 OFFSET ?4"
"tie-break in the sort direction only, W3 page (offset $offset)|?1 'ACTIVE';?2 0;?3 250;?4 $offset|$W2 ORDER BY c.due DESC, c.id DESC LIMIT ?3 OFFSET ?4"
"7d3b828..b77aed7: W2 page, keyed, its rows sorted again|?1 'ACTIVE';?2 0;?3 250;?4 0|$KEYED_SORTED"
"current: W2 page (keys first, tie-break in the sort direction)|?1 'ACTIVE';?2 0;?3 250;?4 0|$KEYED"
"current: W3 page (offset $offset)|?1 'ACTIVE';?2 0;?3 250;?4 $offset|$KEYED"
"current: W3 count (count=true)|?1 'ACTIVE';?2 0|SELECT count(*) FROM certification c WHERE 1 = 1 AND ((c.phase = ?1) AND (c.completed = ?2))"
"current (index since schema 2): keys of a page filtered by the largest campaign, sorters=-due|?1 '$camp';?3 250;?4 0|SELECT c.id AS pid FROM certification c WHERE 1 = 1 AND (c.campaign_id = ?1) ORDER BY c.due DESC, c.id DESC LIMIT ?3 OFFSET ?4"
"current (index since 0b5522a): keys of a page filtered as W2, sorters=name|?1 'ACTIVE';?2 0;?3 250;?4 0|SELECT c.id AS pid FROM certification c WHERE 1 = 1 AND ((c.phase = ?1) AND (c.completed = ?2)) ORDER BY c.name ASC, c.id ASC LIMIT ?3 OFFSET ?4"
"current: reviewer's own list (W5 r1, non-admin visibility)|?1 '$reviewer';?3 250;?4 0|$SEL$FROM WHERE 1 = 1$REVIEWS ORDER BY c.id LIMIT ?3 OFFSET ?4"
"current: W4 reviewers of $gg|?1 '$gg';?3 250;?4 0|SELECT i.id, i.name, i.email FROM identity i WHERE i.id IN (SELECT c.reviewer_id FROM certification c WHERE c.id = ?1 AND c.reviewer_type = 'IDENTITY' UNION ALL SELECT m.identity_id FROM certification c JOIN group_member m ON m.group_id = c.reviewer_id WHERE c.id = ?1 AND c.reviewer_type = 'GOVERNANCE_GROUP') ORDER BY i.name, i.id LIMIT ?3 OFFSET ?4"
"current: W1 access check|?1 '$task_cert';?2 '$reviewer'|SELECT (c.reviewer_type = 'IDENTITY' AND c.reviewer_id = ?2) OR (c.reviewer_type = 'GOVERNANCE_GROUP' AND EXISTS (SELECT 1 FROM group_member m WHERE m.group_id = c.reviewer_id AND m.identity_id = ?2)) FROM certification c WHERE c.id = ?1"
"current: W1 task|?1 '$task_id';?2 '$task_cert'|SELECT id, certification_id, type, status, errors, created, modified FROM task WHERE id = ?1 AND certification_id = ?2"
)

echo "store: $db ($(du -h "$db" | cut -f1)); $(sqlite3 "$db" "SELECT count(*) FROM certification") certifications; SQLite $(sqlite3 --version | cut -d' ' -f1)"
for q in "${queries[@]}"; do
    label=${q%%|*}
    rest=${q#*|}
    params=${rest%%|*}
    rest=${rest#*|}
    sql=${rest%%|*}
    setup=""
    [ "$sql" != "$rest" ] && setup="BEGIN; ${rest#*|}; SELECT 'setup done' WHERE 0;"
    undo=""
    [ -n "$setup" ] && undo="ROLLBACK;"
    # The connection settings of src/store/sqlite/pool.c conn_open, then the parameters.
    setp="PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;
$(tr ';' '\n' <<<"$params" | sed 's/^/.parameter set /')"
    echo
    echo "== $label"
    sqlite3 "$db" <<SQL | sed 's/^/   /'
$setp
$setup
EXPLAIN QUERY PLAN $sql;
$undo
SQL
    cost=$(sqlite3 "$db" <<SQL | awk '/^Run Time: real/ { print ($6 + $8) * 1000 }' | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", t[int((NR + 1) / 2)] }'
$setp
$setup
.output /dev/null
.timer on
$(for i in $(seq 1 "$runs"); do echo "$sql;"; done)
.timer off
$undo
SQL
)
    rows=$(sqlite3 "$db" <<SQL
$setp
$setup
SELECT count(*) FROM ($sql);
$undo
SQL
)
    echo "   -> median of $runs: $cost ms CPU, $rows rows"
done
