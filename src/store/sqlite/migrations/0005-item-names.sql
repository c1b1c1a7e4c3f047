-- recert store, SQLite schema version 5: what the v3 item and summary reads
-- filter and sort on, kept on the rows they read.
--
-- access-review-items, identity-summaries and access-summaries filter and
-- sort by the identity's name, the access's name and the source of an
-- entitlement or access profile. Copied onto review_item and
-- identity_summary (COLLATE NOCASE, as filters compare), they are read
-- without joining four tables per item. The two orders most pages use (the
-- default, by the identity's name, and the access's name) have an index
-- (certification_id, column, id), so such a page is a range of one index;
-- the other sorters (access.type, the source names) sort the
-- certification's items, found through an index on certification_id:
-- bounded by the certification's size. Indexes cost bulk loads: the demo
-- org of 50,000 identities (about 225,000 items) loaded in 4.7 s of CPU
-- before this migration, 6.0-7.1 s with these two indexes and 7.1-7.2 s
-- with one for each of the five sorters (noisy, shared machine).
--
-- Who keeps them right (src/store/sqlite/internal.h, "denormalized names"):
--   - whoever inserts a row fills them (writer.c, sq_summary_for); the
--     triggers below fill a row inserted without them, so an inserter that
--     does not know of them is still right (at the cost of a second write);
--   - a row keeps its names when it moves to another certification
--     (store_items_move);
--   - the bulk writer rewrites them at commit for every identity,
--     entitlement, access profile and role it replaced.
--
-- entitlement_source is set on ENTITLEMENT items only, access_profile_source
-- on ACCESS_PROFILE items only (the filters entitlement.sourceName and
-- accessProfile.sourceName; NULL for every other item).
ALTER TABLE review_item ADD COLUMN identity_name TEXT COLLATE NOCASE;
ALTER TABLE review_item ADD COLUMN access_name TEXT COLLATE NOCASE;
ALTER TABLE review_item ADD COLUMN entitlement_source TEXT COLLATE NOCASE;
ALTER TABLE review_item ADD COLUMN access_profile_source TEXT COLLATE NOCASE;
ALTER TABLE identity_summary ADD COLUMN identity_name TEXT COLLATE NOCASE;

UPDATE review_item SET
  identity_name = (SELECT i.name FROM identity i WHERE i.id = review_item.identity_id),
  access_name = CASE review_item.access_type
    WHEN 'ENTITLEMENT' THEN (SELECT e.name FROM entitlement e WHERE e.id = review_item.access_id)
    WHEN 'ACCESS_PROFILE' THEN (SELECT p.name FROM access_profile p
                                WHERE p.id = review_item.access_id)
    WHEN 'ROLE' THEN (SELECT r.name FROM role r WHERE r.id = review_item.access_id) END,
  entitlement_source = CASE WHEN review_item.access_type = 'ENTITLEMENT'
    THEN (SELECT e.source FROM entitlement e WHERE e.id = review_item.access_id) END,
  access_profile_source = CASE WHEN review_item.access_type = 'ACCESS_PROFILE'
    THEN (SELECT p.source FROM access_profile p WHERE p.id = review_item.access_id) END;
UPDATE identity_summary SET
  identity_name = (SELECT i.name FROM identity i WHERE i.id = identity_summary.identity_id);

CREATE TRIGGER review_item_names AFTER INSERT ON review_item
WHEN NEW.identity_name IS NULL AND NEW.access_name IS NULL BEGIN
  UPDATE review_item SET
    identity_name = (SELECT i.name FROM identity i WHERE i.id = NEW.identity_id),
    access_name = CASE NEW.access_type
      WHEN 'ENTITLEMENT' THEN (SELECT e.name FROM entitlement e WHERE e.id = NEW.access_id)
      WHEN 'ACCESS_PROFILE' THEN (SELECT p.name FROM access_profile p WHERE p.id = NEW.access_id)
      WHEN 'ROLE' THEN (SELECT r.name FROM role r WHERE r.id = NEW.access_id) END,
    entitlement_source = CASE WHEN NEW.access_type = 'ENTITLEMENT'
      THEN (SELECT e.source FROM entitlement e WHERE e.id = NEW.access_id) END,
    access_profile_source = CASE WHEN NEW.access_type = 'ACCESS_PROFILE'
      THEN (SELECT p.source FROM access_profile p WHERE p.id = NEW.access_id) END
  WHERE id = NEW.id;
END;
CREATE TRIGGER identity_summary_names AFTER INSERT ON identity_summary
WHEN NEW.identity_name IS NULL BEGIN
  UPDATE identity_summary SET
    identity_name = (SELECT i.name FROM identity i WHERE i.id = NEW.identity_id)
  WHERE id = NEW.id;
END;

-- The default order of access-review-items (the identity's name) and its
-- access.name order, with the id tie-break; identity-summaries by name.
CREATE INDEX item_cert_identity_name ON review_item(certification_id, identity_name, id);
CREATE INDEX item_cert_access_name ON review_item(certification_id, access_name, id);
CREATE INDEX summary_cert_name ON identity_summary(certification_id, identity_name, id);
