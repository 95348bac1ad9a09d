-- A certificate's life as Nghị định 68/2024 and practice have it (issue #14), and the issuer
-- records the CA's word needs (#16):
--   certificates  a third kind, device_service (Mẫu 03); serials as signed integers ('-' for a
--                 negative one); every RFC 5280 reason a CA may write; the invalidity date apart
--                 from the revocation time; and how a successor replaced its predecessor (renewal,
--                 change of details, device re-issue). CHECK constraints change, so the table is
--                 rebuilt (SQLite's way): 78 s for 1,000,000 certificates on this machine
--                 (local D1); README, Deploying, says what that means for a registry that large.
--   agencies      a dissolved agency may name the agency that takes over its affairs; the day an
--                 agency ended; the names it had before (rename history).
--   holders       in post, transferred, retired, resigned or deceased, and since when.
--   acks          an acknowledgement ("being renewed") lapses: it holds until a stored moment.
--   issuers       several keys (CA certificates) per CA name, other names it is written by.
PRAGMA defer_foreign_keys = on;

-- Triggers of other tables that read certificates go while it is rebuilt, and come back after.
DROP TRIGGER certificate_acks_version_insert;
DROP TRIGGER certificate_acks_version_update;
DROP TRIGGER certificate_acks_version_delete;

-- Rebuilt in SQLite's way, but without a RENAME: D1 keeps foreign keys on, and the rows a DROP
-- orphans are only counted as resolved when rows with their keys are inserted into a table of
-- that name again. So: the rows go aside, the table is dropped, made anew under its own name,
-- and the rows come back (each parent row inserted resolves its children).
CREATE TABLE certificates_aside AS SELECT * FROM certificates;
-- The DROP checks every row's children: without this index each row would scan the table for
-- the certificates it replaced (hours at a million rows, instead of seconds).
CREATE INDEX certificates_replaced_by_old ON certificates (replaced_by_id) WHERE replaced_by_id IS NOT NULL;
CREATE INDEX digests_agency ON digests (agency_id) WHERE agency_id IS NOT NULL;
DROP TABLE certificates;
CREATE TABLE certificates (
  rid             INTEGER PRIMARY KEY, -- stable rowid: the search index's key (see 0006)
  id              TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('personal', 'organisation', 'device_service')),
  -- The serial's canonical spelling: upper-case hex of its magnitude, even digits, no leading
  -- zero byte, '-' before a negative one (DER INTEGERs are signed: FF is -1, 00FF is 255).
  serial          TEXT NOT NULL CHECK (length(serial) BETWEEN 2 AND 65
                    AND ltrim(serial, '-') NOT GLOB '*[^0-9A-F]*' AND substr(serial, 2) NOT GLOB '*-*'),
  issuer          TEXT NOT NULL,
  subject         TEXT NOT NULL,
  holder_id       TEXT NOT NULL REFERENCES holders (id),
  agency_id       TEXT NOT NULL REFERENCES agencies (id),
  device_id       TEXT REFERENCES devices (id),
  not_before      TEXT NOT NULL,
  not_after       TEXT NOT NULL,
  fingerprint     TEXT CHECK (fingerprint NOT GLOB '*[^0-9A-F]*' AND length(fingerprint) = 64),
  replaces_id     TEXT REFERENCES certificates (id),
  replacement     TEXT CHECK (replacement IN ('renewal', 'change', 'device')),
  replaced_by_id  TEXT REFERENCES certificates (id),
  revoked_at      TEXT,
  reason_code     INTEGER CHECK (reason_code IN (0, 1, 2, 3, 4, 5, 9, 10)),
  invalidity_date TEXT,
  revocation_note TEXT,
  note            TEXT,
  name_key        TEXT NOT NULL,
  subject_key     TEXT NOT NULL,
  search_text     TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK (not_after > not_before),
  CHECK ((revoked_at IS NULL) = (reason_code IS NULL)),
  CHECK (invalidity_date IS NULL OR (revoked_at IS NOT NULL AND invalidity_date <= revoked_at)),
  CHECK (replaces_id IS NULL OR replaces_id <> id),
  CHECK ((replaces_id IS NULL) = (replacement IS NULL))
);
-- Existing replacements: a renewal left a certificate.renew entry in the audit log on the one it
-- renewed; every other replacement was a re-issue recorded with replacesId.
-- The foreign keys pointing at certificates are checked through these while the rows come back.
CREATE INDEX certificates_replaced_by ON certificates (replaced_by_id) WHERE replaced_by_id IS NOT NULL;
CREATE UNIQUE INDEX certificates_replaces ON certificates (replaces_id) WHERE replaces_id IS NOT NULL;
INSERT INTO certificates (rid, id, kind, serial, issuer, subject, holder_id, agency_id, device_id,
    not_before, not_after, fingerprint, replaces_id, replacement, replaced_by_id, revoked_at, reason_code,
    invalidity_date, revocation_note, note, name_key, subject_key, search_text, version, created_at, updated_at)
  SELECT rid, id, kind, serial, issuer, subject, holder_id, agency_id, device_id, not_before, not_after,
    fingerprint, replaces_id,
    CASE WHEN replaces_id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM audit_log l WHERE l.entity = 'certificate' AND l.entity_id = c.replaces_id
                        AND l.action = 'certificate.renew') THEN 'renewal'
         ELSE 'change' END,
    replaced_by_id, revoked_at, reason_code, NULL, revocation_note, note, name_key, subject_key, search_text,
    version, created_at, updated_at
  FROM certificates_aside c;
DROP TABLE certificates_aside;

CREATE UNIQUE INDEX certificates_serial_issuer ON certificates (serial, issuer);
CREATE UNIQUE INDEX certificates_fingerprint ON certificates (fingerprint) WHERE fingerprint IS NOT NULL;
CREATE INDEX certificates_not_after ON certificates (not_after, id);
CREATE INDEX certificates_name ON certificates (name_key, id);
-- The figures' covering indexes (0008), now carrying the replacement too (issues, renewals and
-- re-issues are counted apart).
CREATE INDEX certificates_agency_not_after ON certificates
  (agency_id, not_after, id, kind, not_before, revoked_at, replaced_by_id, reason_code, replacement);
CREATE INDEX certificates_agency_name ON certificates (agency_id, name_key, id);
CREATE INDEX certificates_kind_not_after ON certificates
  (kind, not_after, id, not_before, revoked_at, replaced_by_id, replacement);
CREATE INDEX certificates_holder ON certificates (holder_id, not_after);
CREATE INDEX certificates_device ON certificates (device_id, not_after) WHERE device_id IS NOT NULL;
CREATE INDEX certificates_revoked ON certificates (not_after, id) WHERE revoked_at IS NOT NULL;
CREATE INDEX certificates_revocations ON certificates (revoked_at, reason_code, agency_id)
  WHERE revoked_at IS NOT NULL;

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

CREATE TRIGGER certificates_version_insert AFTER INSERT ON certificates BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.agency_id, n FROM data_version WHERE id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER certificates_version_update AFTER UPDATE ON certificates BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.agency_id, n FROM data_version WHERE id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.agency_id, n FROM data_version WHERE id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER certificates_version_delete AFTER DELETE ON certificates BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.agency_id, n FROM data_version WHERE id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

-- A notice belongs to the agency that has its certificate now: who sees and acknowledges it
-- follows the certificate when it moves (PATCH, a merger, a split, an import row).
UPDATE notices SET agency_id = (SELECT c.agency_id FROM certificates c WHERE c.id = notices.certificate_id)
  WHERE agency_id <> (SELECT c.agency_id FROM certificates c WHERE c.id = notices.certificate_id);
CREATE TRIGGER certificates_notices_follow AFTER UPDATE OF agency_id ON certificates
  WHEN NEW.agency_id <> OLD.agency_id BEGIN
  UPDATE notices SET agency_id = NEW.agency_id WHERE certificate_id = NEW.id;
END;

-- An acknowledgement holds until a moment (ACK_DAYS after it was given; 15 for the old ones).
ALTER TABLE certificate_acks ADD COLUMN until TEXT;
UPDATE certificate_acks SET until = strftime('%Y-%m-%dT%H:%M:%fZ', at, '+15 days');
CREATE TRIGGER certificate_acks_version_insert AFTER INSERT ON certificate_acks BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT c.agency_id, v.n FROM certificates c, data_version v WHERE c.id = NEW.certificate_id AND v.id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER certificate_acks_version_update AFTER UPDATE ON certificate_acks BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT c.agency_id, v.n FROM certificates c, data_version v WHERE c.id = NEW.certificate_id AND v.id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER certificate_acks_version_delete AFTER DELETE ON certificate_acks BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT c.agency_id, v.n FROM certificates c, data_version v WHERE c.id = OLD.certificate_id AND v.id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

-- Agencies: a dissolved agency may point at the agency that takes over its affairs (its notices
-- go there); a merged one always does.
CREATE TABLE agencies_aside AS SELECT * FROM agencies;
DROP TABLE agencies;
CREATE TABLE agencies (
  id            TEXT PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  name_key      TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('province', 'department', 'commune', 'unit', 'other')),
  parent_id     TEXT REFERENCES agencies (id),
  emails        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emails) AND json_type(emails) = 'array'),
  webhook_url   TEXT,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'dissolved')),
  successor_id  TEXT REFERENCES agencies (id),
  ended_at      TEXT,
  reminder_days TEXT CHECK (reminder_days IS NULL OR json_valid(reminder_days)),
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK (parent_id IS NULL OR parent_id <> id),
  CHECK (successor_id IS NULL OR successor_id <> id),
  CHECK (status <> 'active' OR successor_id IS NULL),
  CHECK (status <> 'merged' OR successor_id IS NOT NULL),
  CHECK ((status = 'active') = (ended_at IS NULL))
);
CREATE INDEX agencies_parent ON agencies (parent_id, name_key);
CREATE INDEX agencies_successor ON agencies (successor_id) WHERE successor_id IS NOT NULL;
INSERT INTO agencies (id, code, name, name_key, kind, parent_id, emails, webhook_url, status,
    successor_id, ended_at, reminder_days, version, created_at, updated_at)
  SELECT id, code, name, name_key, kind, parent_id, emails, webhook_url, status, successor_id,
    CASE WHEN status = 'active' THEN NULL ELSE updated_at END, reminder_days, version, created_at, updated_at
  FROM agencies_aside;
DROP TABLE agencies_aside;
CREATE INDEX agencies_name ON agencies (name_key, id);
CREATE TRIGGER agencies_version_insert AFTER INSERT ON agencies BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.id, n FROM data_version WHERE id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER agencies_version_update AFTER UPDATE ON agencies BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.id, n FROM data_version WHERE id = 1 ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.parent_id, n FROM data_version WHERE id = 1 AND OLD.parent_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.successor_id, n FROM data_version WHERE id = 1 AND OLD.successor_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT NEW.successor_id, n FROM data_version WHERE id = 1 AND NEW.successor_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;
CREATE TRIGGER agencies_version_delete AFTER DELETE ON agencies BEGIN
  UPDATE data_version SET n = n + 1 WHERE id = 1;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.parent_id, n FROM data_version WHERE id = 1 AND OLD.parent_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
  INSERT INTO agency_changes (agency_id, version) SELECT OLD.successor_id, n FROM data_version WHERE id = 1 AND OLD.successor_id IS NOT NULL ON CONFLICT (agency_id) DO UPDATE SET version = excluded.version;
END;

-- The names an agency had before: each with the moment it stopped being the name.
CREATE TABLE agency_names (
  agency_id TEXT NOT NULL REFERENCES agencies (id),
  name      TEXT NOT NULL,
  until     TEXT NOT NULL,
  PRIMARY KEY (agency_id, until)
) WITHOUT ROWID;

-- The custody ledger: a return has its record number too.
ALTER TABLE device_assignments ADD COLUMN return_ref TEXT;

-- Holders: whether they are still in post, and since when they are not.
ALTER TABLE holders ADD COLUMN status TEXT NOT NULL DEFAULT 'in_post'
  CHECK (status IN ('in_post', 'transferred', 'retired', 'resigned', 'deceased'));
ALTER TABLE holders ADD COLUMN left_at TEXT;

-- Issuers: a CA name with the other names it is written by (aliases), and its keys apart (a CA
-- may sign with several: key rollover, a CRL-signing key). An issuer may be registered by name
-- before its certificate is at hand. dn_key is the name as RFC 5280 §7.1 compares it (the
-- Worker writes it; the lower() here is the same for the names registered so far).
CREATE TABLE issuers_aside AS SELECT * FROM issuers;
DROP TABLE issuers;
CREATE TABLE issuers (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  dn         TEXT NOT NULL,
  dn_key     TEXT NOT NULL UNIQUE,
  aliases    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases) AND json_type(aliases) = 'array'),
  version    INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE issuer_keys (
  id          TEXT PRIMARY KEY,
  issuer_id   TEXT NOT NULL REFERENCES issuers (id),
  certificate TEXT NOT NULL, -- PEM
  fingerprint TEXT NOT NULL UNIQUE,
  not_before  TEXT, -- unknown for the keys registered before this migration
  not_after   TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX issuer_keys_issuer ON issuer_keys (issuer_id, not_after);
INSERT INTO issuers (id, name, dn, dn_key, created_at, updated_at)
  SELECT id, name, dn, lower(dn), created_at, created_at FROM issuers_aside;
INSERT INTO issuer_keys (id, issuer_id, certificate, fingerprint, not_before, not_after, created_at)
  SELECT 'isk' || substr(id, 4), id, certificate, fingerprint, NULL, not_after, created_at FROM issuers_aside;
DROP TABLE issuers_aside;
