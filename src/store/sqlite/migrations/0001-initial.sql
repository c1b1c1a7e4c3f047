-- recert store, SQLite schema version 1.
--
-- Ids and the text that filters compare are COLLATE NOCASE: SailPoint's
-- filters compare strings case-insensitively, and a NOCASE column keeps
-- those comparisons on an index. Timestamps are RFC 3339 UTC text with
-- milliseconds, so they sort as text. Certification counters are derived
-- from review items and rewritten in the same transaction as any change to
-- the items (see recount in store_sqlite.c); they are stored so that lists
-- and the "completed" filter need no aggregation per read.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
);

CREATE TABLE identity (
  id          TEXT PRIMARY KEY COLLATE NOCASE,
  name        TEXT NOT NULL COLLATE NOCASE,
  email       TEXT COLLATE NOCASE,
  manager_id  TEXT COLLATE NOCASE,
  authorities TEXT NOT NULL DEFAULT '[]'      -- JSON array of strings
);
CREATE INDEX identity_manager ON identity(manager_id);

CREATE TABLE governance_group (
  id   TEXT PRIMARY KEY COLLATE NOCASE,
  name TEXT NOT NULL
);

CREATE TABLE group_member (
  group_id    TEXT NOT NULL COLLATE NOCASE,
  identity_id TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (group_id, identity_id)
);
CREATE INDEX group_member_identity ON group_member(identity_id, group_id);

CREATE TABLE client (
  client_id   TEXT PRIMARY KEY,               -- exact match: a credential
  secret_hash TEXT NOT NULL,                  -- pbkdf2-sha256$iter$salt$hash
  identity_id TEXT NOT NULL COLLATE NOCASE,
  name        TEXT
);

CREATE TABLE entitlement (
  id        TEXT PRIMARY KEY COLLATE NOCASE,
  name      TEXT NOT NULL,
  source    TEXT,
  attribute TEXT,
  value     TEXT
);

CREATE TABLE permission (
  id             INTEGER PRIMARY KEY,
  entitlement_id TEXT NOT NULL COLLATE NOCASE,
  target         TEXT NOT NULL COLLATE NOCASE
);
CREATE INDEX permission_entitlement ON permission(entitlement_id, id);

CREATE TABLE permission_right (
  permission_id INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (permission_id, position)
);

CREATE TABLE access_profile (
  id     TEXT PRIMARY KEY COLLATE NOCASE,
  name   TEXT NOT NULL,
  source TEXT
);

CREATE TABLE access_profile_entitlement (
  access_profile_id TEXT NOT NULL COLLATE NOCASE,
  entitlement_id    TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (access_profile_id, entitlement_id)
);

CREATE TABLE role (
  id   TEXT PRIMARY KEY COLLATE NOCASE,
  name TEXT NOT NULL
);

CREATE TABLE role_access_profile (
  role_id           TEXT NOT NULL COLLATE NOCASE,
  access_profile_id TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (role_id, access_profile_id)
);

CREATE TABLE role_entitlement (
  role_id        TEXT NOT NULL COLLATE NOCASE,
  entitlement_id TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (role_id, entitlement_id)
);

CREATE TABLE assignment (
  identity_id TEXT NOT NULL COLLATE NOCASE,
  access_type TEXT NOT NULL,
  access_id   TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (identity_id, access_type, access_id)
);
CREATE INDEX assignment_access ON assignment(access_type, access_id);

CREATE TABLE campaign (
  id                  TEXT PRIMARY KEY COLLATE NOCASE,
  name                TEXT NOT NULL,
  description         TEXT,
  type                TEXT NOT NULL COLLATE NOCASE,
  status              TEXT NOT NULL,
  correlated_status   TEXT NOT NULL DEFAULT 'CORRELATED',
  mandatory_comment   TEXT NOT NULL DEFAULT 'NO_DECISIONS',
  deadline            TEXT,
  created             TEXT NOT NULL,
  modified            TEXT NOT NULL
);
CREATE INDEX campaign_type ON campaign(type, id);

CREATE TABLE certification (
  id                 TEXT PRIMARY KEY COLLATE NOCASE,
  name               TEXT NOT NULL COLLATE NOCASE,
  campaign_id        TEXT NOT NULL COLLATE NOCASE,
  reviewer_type      TEXT NOT NULL,           -- IDENTITY | GOVERNANCE_GROUP
  reviewer_id        TEXT NOT NULL COLLATE NOCASE,
  phase              TEXT NOT NULL COLLATE NOCASE,
  due                TEXT,
  signed             TEXT,
  created            TEXT NOT NULL,
  modified           TEXT NOT NULL,
  has_errors         INTEGER NOT NULL DEFAULT 0,
  error_message      TEXT,
  reassign_from_id   TEXT COLLATE NOCASE,     -- set on certifications made by a reassignment
  reassign_comment   TEXT,
  decisions_made     INTEGER NOT NULL DEFAULT 0,
  decisions_total    INTEGER NOT NULL DEFAULT 0,
  entities_completed INTEGER NOT NULL DEFAULT 0,
  entities_total     INTEGER NOT NULL DEFAULT 0,
  completed          INTEGER NOT NULL DEFAULT 0
);
-- Each sorter with the id tie-break, so a page is a range scan.
CREATE INDEX cert_name ON certification(name, id);
CREATE INDEX cert_due ON certification(due, id);
CREATE INDEX cert_signed ON certification(signed, id);
-- The common reviewer query: phase + completed, ordered by due.
CREATE INDEX cert_phase_completed_due ON certification(phase, completed, due, id);
CREATE INDEX cert_phase_completed_name ON certification(phase, completed, name, id);
CREATE INDEX cert_phase_completed_signed ON certification(phase, completed, signed, id);
CREATE INDEX cert_reviewer ON certification(reviewer_id, due, id);
CREATE INDEX cert_campaign ON certification(campaign_id, id);
CREATE INDEX cert_reassigned ON certification(reassign_from_id, reviewer_id);

CREATE TABLE identity_summary (
  id               TEXT PRIMARY KEY COLLATE NOCASE,
  certification_id TEXT NOT NULL COLLATE NOCASE,
  identity_id      TEXT NOT NULL COLLATE NOCASE,
  UNIQUE (certification_id, identity_id)
);

CREATE TABLE review_item (
  id               TEXT PRIMARY KEY COLLATE NOCASE,
  certification_id TEXT NOT NULL COLLATE NOCASE,
  summary_id       TEXT NOT NULL COLLATE NOCASE,
  identity_id      TEXT NOT NULL COLLATE NOCASE,
  access_type      TEXT NOT NULL,             -- ENTITLEMENT | ACCESS_PROFILE | ROLE
  access_id        TEXT NOT NULL COLLATE NOCASE,
  decision         TEXT,                      -- NULL | APPROVE | REVOKE
  comments         TEXT
);
CREATE INDEX item_cert_summary ON review_item(certification_id, summary_id);
CREATE INDEX item_summary_decision ON review_item(summary_id, decision);
CREATE INDEX item_cert_access ON review_item(certification_id, access_id);

CREATE TABLE task (
  id               TEXT PRIMARY KEY COLLATE NOCASE,
  seq              INTEGER NOT NULL UNIQUE,   -- submission order (ids are random)
  certification_id TEXT NOT NULL COLLATE NOCASE,
  type             TEXT NOT NULL,             -- REASSIGN
  status           TEXT NOT NULL,             -- QUEUED | IN_PROGRESS | SUCCESS | ERROR
  errors           TEXT NOT NULL DEFAULT '[]',-- JSON array of strings
  payload          TEXT NOT NULL,             -- JSON: the validated request
  created          TEXT NOT NULL,
  modified         TEXT NOT NULL,
  lease_until      INTEGER NOT NULL DEFAULT 0 -- epoch ms; an IN_PROGRESS task past it is runnable again
);
CREATE INDEX task_cert_status ON task(certification_id, status, seq);
CREATE INDEX task_runnable ON task(status, lease_until, seq);
