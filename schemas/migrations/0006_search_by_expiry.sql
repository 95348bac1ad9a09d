-- Certificate search in expiry order without reading every match.
--
-- The first search index was keyed by rid, so "the first page of 'nguyen van' by expiry" had to
-- collect and sort every match (thousands at national scale). This index is keyed by
-- (UTC day of not_after) << 32 | rid: its rowid order is expiry-day order, so FTS5 can hand out
-- matches day by day and a page query stops after the days that hold the page (see
-- certificateListQuery). It is contentless (the text lives in certificates.search_text), and
-- prefix indexes for 1–6 letters make a typed prefix ("ng", "nguy") one index lookup instead of a
-- merge of every word that starts with it; Vietnamese syllables are at most seven letters.
-- rid stays below 2^32 (four billion certificates).
DROP TRIGGER certificates_search_insert;
DROP TRIGGER certificates_search_update;
DROP TRIGGER certificates_search_delete;
DROP TABLE certificate_search;

CREATE VIRTUAL TABLE certificate_search USING fts5 (
  search_text, content = '', contentless_delete = 1, prefix = '1 2 3 4 5 6'
);
CREATE TRIGGER certificates_search_insert AFTER INSERT ON certificates BEGIN
  INSERT INTO certificate_search (rowid, search_text)
    VALUES ((unixepoch(NEW.not_after) / 86400) << 32 | NEW.rid, NEW.search_text);
END;
CREATE TRIGGER certificates_search_update AFTER UPDATE OF search_text, not_after ON certificates BEGIN
  DELETE FROM certificate_search WHERE rowid = (unixepoch(OLD.not_after) / 86400) << 32 | OLD.rid;
  INSERT INTO certificate_search (rowid, search_text)
    VALUES ((unixepoch(NEW.not_after) / 86400) << 32 | NEW.rid, NEW.search_text);
END;
CREATE TRIGGER certificates_search_delete AFTER DELETE ON certificates BEGIN
  DELETE FROM certificate_search WHERE rowid = (unixepoch(OLD.not_after) / 86400) << 32 | OLD.rid;
END;
-- The first 100,000 certificates here; a registry larger than that gets the rest in chunks, each
-- one D1 query well under 30 s, from `npm run backfill` (which `npm run deploy` runs after the
-- migrations): the whole table in one statement takes about 40 s at 1,000,000 certificates.
INSERT INTO certificate_search (rowid, search_text)
  SELECT (unixepoch(not_after) / 86400) << 32 | rid, search_text FROM certificates WHERE rid <= 100000;
