-- recert store, SQLite schema version 4: the review workflow.
--
-- A review item keeps who made its last decision and when, and the date a
-- revocation is to take effect (proposedEndDate), as the decide operation
-- wrote them. Imported decisions have none of these (NULL): they were made
-- elsewhere.
ALTER TABLE review_item ADD COLUMN decided TEXT;
ALTER TABLE review_item ADD COLUMN decided_by TEXT COLLATE NOCASE;
ALTER TABLE review_item ADD COLUMN proposed_end_date TEXT;

-- A task acts on a certification or (campaign tasks) on a campaign:
-- CertificationTask's targetType and targetId.
ALTER TABLE task RENAME COLUMN certification_id TO target_id;
ALTER TABLE task ADD COLUMN target_type TEXT NOT NULL DEFAULT 'CERTIFICATION';

-- Remediation: one row per REVOKE handed over by a sign-off. A row is the
-- durable schedule of its own effect: removed stays NULL until the
-- assignment is gone, which happens in the same transaction that sets it,
-- once remove_at (the sign-off time, or the decision's proposedEndDate) has
-- come. cancelled is set instead when the removal will not happen (its
-- campaign was deleted before it was due). Rows are history: they copy
-- what they name, and outlive the certification and campaign.
CREATE TABLE remediation (
  id               INTEGER PRIMARY KEY,
  identity_id      TEXT NOT NULL COLLATE NOCASE,
  access_type      TEXT NOT NULL,
  access_id        TEXT NOT NULL COLLATE NOCASE,
  certification_id TEXT NOT NULL COLLATE NOCASE,
  campaign_id      TEXT NOT NULL COLLATE NOCASE,
  reviewer_id      TEXT NOT NULL COLLATE NOCASE,
  decided_by       TEXT COLLATE NOCASE,
  comments         TEXT,
  decided          TEXT,
  remove_at        TEXT NOT NULL,
  removed          TEXT,
  cancelled        TEXT
);
CREATE INDEX remediation_campaign ON remediation(campaign_id, id);
CREATE INDEX remediation_due ON remediation(remove_at) WHERE removed IS NULL AND cancelled IS NULL;
