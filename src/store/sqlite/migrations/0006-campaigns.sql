-- recert store, SQLite schema version 6: campaigns made through the API.
--
-- A campaign keeps the options createCampaign and updateCampaign set, and
-- what its certifications are generated from: info, the type's own part
-- of the request (e.g. a SEARCH campaign's selection) as the review layer
-- wrote it, opaque to the store. alerts is a JSON array of
-- {"level", "text"} objects written by generation, in order. The counts
-- of certifications are not stored: they are counted from certification.
ALTER TABLE campaign ADD COLUMN email_notification INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign ADD COLUMN auto_revoke_allowed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign ADD COLUMN recommendations_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign ADD COLUMN sunset_comments_required INTEGER NOT NULL DEFAULT 1;
ALTER TABLE campaign ADD COLUMN info TEXT;
ALTER TABLE campaign ADD COLUMN alerts TEXT NOT NULL DEFAULT '[]';

-- The list's sorters, with the id tie-break, so a page is a range scan.
CREATE INDEX campaign_name ON campaign(name COLLATE NOCASE, id);
CREATE INDEX campaign_created ON campaign(created, id);
CREATE INDEX campaign_status ON campaign(status, id);
-- Generation finds a campaign's certification of a reviewer.
CREATE INDEX cert_campaign_reviewer ON certification(campaign_id, reviewer_type, reviewer_id);
