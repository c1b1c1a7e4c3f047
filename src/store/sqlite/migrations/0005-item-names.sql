-- recert store, SQLite schema version 5: what the v3 item and summary reads
-- filter and sort on, kept on the rows they read.
--
-- access-review-items, identity-summaries and access-summaries filter and
-- sort by the identity's name, the access's name and the source of an
-- entitlement or access profile. Copied onto review_item and
-- identity_summary (COLLATE NOCASE, as filters compare), each with an
-- index (certification_id, column, id), a page of one certification is a
-- range scan of one index instead of a sort of the certification's items
-- joined to four tables.
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

-- Each sorter of access-review-items with the id tie-break (the default
-- order is the identity's name); the type index also serves the type
-- filter with access.name order and the access summaries of one type.
CREATE INDEX item_cert_identity_name ON review_item(certification_id, identity_name, id);
CREATE INDEX item_cert_access_name ON review_item(certification_id, access_name, id);
CREATE INDEX item_cert_type_name ON review_item(certification_id, access_type COLLATE NOCASE,
                                                access_name, id);
CREATE INDEX item_cert_entitlement_source ON review_item(certification_id, entitlement_source, id);
CREATE INDEX item_cert_profile_source ON review_item(certification_id, access_profile_source, id);
CREATE INDEX summary_cert_name ON identity_summary(certification_id, identity_name, id);
