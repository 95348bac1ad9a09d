-- Data versions per subtree. data_version (0007) moves on with every write the reports count, so
-- one write anywhere expired every kept summary. Now each such write also stamps the agencies it
-- touched with the new version: the row's agency (before and after, when a row moves), and for an
-- agency its own id and the parent and successor it leaves. A subtree's version is the highest
-- stamp among the agencies its walk reaches (src/db/reports.ts): it moves on with every write
-- inside the subtree (or moving an agency into or out of it) and with nothing else, so figures
-- kept under it stay exact while other agencies change. (Triggers cannot walk the tree: SQLite
-- allows no WITH in a trigger; the reading side walks it, ~100 agencies for a province.)
CREATE TABLE agency_changes (
  agency_id TEXT PRIMARY KEY,
  version   INTEGER NOT NULL
) WITHOUT ROWID;
-- Every agency starts at the current version: figures kept under it before stay exact.
INSERT INTO agency_changes (agency_id, version) SELECT a.id, v.n FROM agencies a, data_version v WHERE v.id = 1;

DROP TRIGGER agencies_version_insert;
CREATE TRIGGER agencies_version_insert AFTER INSERT ON agencies BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.id, n FROM data_version WHERE id = 1 AND NEW.id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER agencies_version_update;
CREATE TRIGGER agencies_version_update AFTER UPDATE ON agencies BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.id, n FROM data_version WHERE id = 1 AND NEW.id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.parent_id, n FROM data_version WHERE id = 1 AND OLD.parent_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.successor_id, n FROM data_version WHERE id = 1 AND OLD.successor_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER agencies_version_delete;
CREATE TRIGGER agencies_version_delete AFTER DELETE ON agencies BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.parent_id, n FROM data_version WHERE id = 1 AND OLD.parent_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.successor_id, n FROM data_version WHERE id = 1 AND OLD.successor_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER certificates_version_insert;
CREATE TRIGGER certificates_version_insert AFTER INSERT ON certificates BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.agency_id, n FROM data_version WHERE id = 1 AND NEW.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER certificates_version_update;
CREATE TRIGGER certificates_version_update AFTER UPDATE ON certificates BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.agency_id, n FROM data_version WHERE id = 1 AND NEW.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.agency_id, n FROM data_version WHERE id = 1 AND OLD.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER certificates_version_delete;
CREATE TRIGGER certificates_version_delete AFTER DELETE ON certificates BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.agency_id, n FROM data_version WHERE id = 1 AND OLD.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER devices_version_insert;
CREATE TRIGGER devices_version_insert AFTER INSERT ON devices BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.agency_id, n FROM data_version WHERE id = 1 AND NEW.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER devices_version_update;
CREATE TRIGGER devices_version_update AFTER UPDATE ON devices BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.agency_id, n FROM data_version WHERE id = 1 AND NEW.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.agency_id, n FROM data_version WHERE id = 1 AND OLD.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER devices_version_delete;
CREATE TRIGGER devices_version_delete AFTER DELETE ON devices BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.agency_id, n FROM data_version WHERE id = 1 AND OLD.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER notices_version_insert;
CREATE TRIGGER notices_version_insert AFTER INSERT ON notices BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.agency_id, n FROM data_version WHERE id = 1 AND NEW.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER notices_version_update;
CREATE TRIGGER notices_version_update AFTER UPDATE ON notices BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.agency_id, n FROM data_version WHERE id = 1 AND NEW.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.agency_id, n FROM data_version WHERE id = 1 AND OLD.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER notices_version_delete;
CREATE TRIGGER notices_version_delete AFTER DELETE ON notices BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.agency_id, n FROM data_version WHERE id = 1 AND OLD.agency_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER certificate_acks_version_insert;
CREATE TRIGGER certificate_acks_version_insert AFTER INSERT ON certificate_acks BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT (SELECT agency_id FROM certificates WHERE id = NEW.certificate_id), n FROM data_version WHERE id = 1 AND (SELECT agency_id FROM certificates WHERE id = NEW.certificate_id) IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER certificate_acks_version_update;
CREATE TRIGGER certificate_acks_version_update AFTER UPDATE ON certificate_acks BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT (SELECT agency_id FROM certificates WHERE id = NEW.certificate_id), n FROM data_version WHERE id = 1 AND (SELECT agency_id FROM certificates WHERE id = NEW.certificate_id) IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT (SELECT agency_id FROM certificates WHERE id = OLD.certificate_id), n FROM data_version WHERE id = 1 AND (SELECT agency_id FROM certificates WHERE id = OLD.certificate_id) IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

DROP TRIGGER certificate_acks_version_delete;
CREATE TRIGGER certificate_acks_version_delete AFTER DELETE ON certificate_acks BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT (SELECT agency_id FROM certificates WHERE id = OLD.certificate_id), n FROM data_version WHERE id = 1 AND (SELECT agency_id FROM certificates WHERE id = OLD.certificate_id) IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;
