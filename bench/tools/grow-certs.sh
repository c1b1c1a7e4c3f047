#!/usr/bin/env bash
# grow-certs: a store with K times the certifications of a demo store, for
# measuring the read workloads at 1M certifications without generating
# (and storing) the 8,000,000-identity demo org, which needs ~100 GB of
# disk on the way.
#
#   bench/tools/grow-certs.sh SRC.db DST.db K
#   BENCH_DB=DST.db BENCH_WORKLOADS="1 2 3 4 5" make bench
#
# DST is a copy of SRC plus K-1 copies of every original certification: new
# random ids, the same campaign, reviewer, phase, due date and counters, and
# " #k" appended to the name. The copies have no identity summaries or
# review items. Workloads 1-5 never read those (list, reviewers and task
# status read certifications, campaigns, identities, groups and tasks;
# the counters are stored on the certification), so for them the copy is a
# store with K times the certifications; for anything that reads items it
# is not.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: grow-certs.sh SRC.db DST.db K" >&2; exit 2; }
src=$1 dst=$2 k=$3
[ -f "$src" ] || { echo "no store $src" >&2; exit 1; }
[ ! -e "$dst" ] || { echo "$dst exists" >&2; exit 1; }
sqlite3 "$src" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$src" "$dst"
sqlite3 "$dst" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA cache_size=-262144;
BEGIN;
INSERT INTO certification(id, name, campaign_id, reviewer_type, reviewer_id, phase, due, signed,
    created, modified, has_errors, error_message, decisions_made, decisions_total,
    entities_completed, entities_total, completed)
SELECT lower(hex(randomblob(16))), c.name || ' #' || n.k, c.campaign_id, c.reviewer_type,
    c.reviewer_id, c.phase, c.due, c.signed, c.created, c.modified, c.has_errors, c.error_message,
    c.decisions_made, c.decisions_total, c.entities_completed, c.entities_total, c.completed
FROM certification c,
    (WITH RECURSIVE s(k) AS (SELECT 2 UNION ALL SELECT k + 1 FROM s WHERE k < $k) SELECT k FROM s) n
WHERE c.reassign_from_id IS NULL;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT count(*) || ' certifications' FROM certification;
SQL
