-- The registry core: agencies, holders, certificates, devices and their custody ledger, the audit
-- log, idempotency records and the guard table that turns failed preconditions into aborted batches.
-- Times are ISO-8601 UTC text ('2026-01-31T17:00:00.000Z'), so text order is time order.

CREATE TABLE agencies (
  id           TEXT PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  name_key     TEXT NOT NULL, -- folded name (no diacritics, lower case) for search and sort
  kind         TEXT NOT NULL CHECK (kind IN ('province', 'department', 'commune', 'unit', 'other')),
  parent_id    TEXT REFERENCES agencies (id),
  emails       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emails) AND json_type(emails) = 'array'),
  webhook_url  TEXT,
  status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'dissolved')),
  successor_id TEXT REFERENCES agencies (id),
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK (parent_id IS NULL OR parent_id <> id),
  CHECK ((status = 'merged') = (successor_id IS NOT NULL))
);
CREATE INDEX agencies_parent ON agencies (parent_id, name_key);
CREATE INDEX agencies_name ON agencies (name_key, id);

CREATE TABLE holders (
  rid         INTEGER PRIMARY KEY, -- stable rowid for the search index (a TEXT key's rowid may move)
  id          TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
  full_name   TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 300),
  name_key    TEXT NOT NULL,
  -- CCCD: 12 digits, persons only (personal data under Nghị định 13/2023/NĐ-CP).
  national_id TEXT CHECK (length(national_id) = 12 AND national_id NOT GLOB '*[^0-9]*'),
  position    TEXT,
  email       TEXT,
  phone       TEXT,
  agency_id   TEXT NOT NULL REFERENCES agencies (id),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (kind = 'person' OR national_id IS NULL)
);
-- One person once per agency. Not unique across agencies: an official holding concurrent posts
-- (kiêm nhiệm) is a holder in each agency, each with its own certificate.
CREATE UNIQUE INDEX holders_national_id ON holders (national_id, agency_id) WHERE national_id IS NOT NULL;
CREATE INDEX holders_agency ON holders (agency_id, name_key, id);
CREATE INDEX holders_name ON holders (name_key, id);

CREATE TABLE devices (
  id         TEXT PRIMARY KEY,
  serial     TEXT NOT NULL UNIQUE,
  model      TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('token', 'sim_pki', 'hsm')),
  status     TEXT NOT NULL DEFAULT 'in_stock'
             CHECK (status IN ('in_stock', 'assigned', 'lost', 'damaged', 'retired')),
  agency_id  TEXT NOT NULL REFERENCES agencies (id),
  holder_id  TEXT REFERENCES holders (id), -- the current holder: mirrors the open assignment
  note       TEXT,
  version    INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((status = 'assigned') = (holder_id IS NOT NULL))
);
CREATE INDEX devices_agency ON devices (agency_id, serial);
CREATE INDEX devices_holder ON devices (holder_id) WHERE holder_id IS NOT NULL;
CREATE INDEX devices_status ON devices (status, serial);

-- The custody ledger: every hand-over and return, dated, with the hand-over record number.
CREATE TABLE device_assignments (
  id           TEXT PRIMARY KEY,
  device_id    TEXT NOT NULL REFERENCES devices (id),
  holder_id    TEXT NOT NULL REFERENCES holders (id),
  assigned_at  TEXT NOT NULL,
  handover_ref TEXT,
  returned_at  TEXT,
  return_note  TEXT,
  closed_by    TEXT CHECK (closed_by IN ('return', 'lost')),
  CHECK (returned_at IS NULL OR returned_at >= assigned_at),
  CHECK ((returned_at IS NULL) = (closed_by IS NULL))
);
-- At most one open assignment per device: a device has at most one holder at a time.
CREATE UNIQUE INDEX device_assignments_open ON device_assignments (device_id) WHERE returned_at IS NULL;
CREATE INDEX device_assignments_device ON device_assignments (device_id, assigned_at);
CREATE INDEX device_assignments_holder ON device_assignments (holder_id, assigned_at);

CREATE TABLE certificates (
  rid            INTEGER PRIMARY KEY, -- stable rowid for the search index (a TEXT key's rowid may move)
  id             TEXT NOT NULL UNIQUE,
  kind           TEXT NOT NULL CHECK (kind IN ('personal', 'organisation')),
  serial         TEXT NOT NULL CHECK (serial NOT GLOB '*[^0-9A-F]*' AND length(serial) BETWEEN 2 AND 64),
  issuer         TEXT NOT NULL,
  subject        TEXT NOT NULL,
  holder_id      TEXT NOT NULL REFERENCES holders (id),
  agency_id      TEXT NOT NULL REFERENCES agencies (id),
  device_id      TEXT REFERENCES devices (id),
  not_before     TEXT NOT NULL,
  not_after      TEXT NOT NULL,
  fingerprint    TEXT CHECK (fingerprint NOT GLOB '*[^0-9A-F]*' AND length(fingerprint) = 64),
  replaces_id    TEXT REFERENCES certificates (id),
  replaced_by_id TEXT REFERENCES certificates (id),
  revoked_at     TEXT,
  reason_code    INTEGER CHECK (reason_code IN (0, 1, 3, 4, 5)),
  revocation_note TEXT,
  note           TEXT,
  name_key       TEXT NOT NULL, -- the holder's folded name: sort key for "sort=name"
  subject_key    TEXT NOT NULL, -- the folded subject
  search_text    TEXT NOT NULL, -- name_key, subject_key and the serial: fed to certificate_search
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK (not_after > not_before),
  CHECK ((revoked_at IS NULL) = (reason_code IS NULL)),
  CHECK (replaces_id IS NULL OR replaces_id <> id)
);
-- serial first, so a status lookup by serial alone (issuer left out) uses the same index.
CREATE UNIQUE INDEX certificates_serial_issuer ON certificates (serial, issuer);
CREATE UNIQUE INDEX certificates_fingerprint ON certificates (fingerprint) WHERE fingerprint IS NOT NULL;
-- A certificate is replaced at most once: renewal chains are linear.
CREATE UNIQUE INDEX certificates_replaces ON certificates (replaces_id) WHERE replaces_id IS NOT NULL;
CREATE INDEX certificates_not_after ON certificates (not_after, id);
CREATE INDEX certificates_name ON certificates (name_key, id);
CREATE INDEX certificates_agency_not_after ON certificates (agency_id, not_after, id);
CREATE INDEX certificates_agency_name ON certificates (agency_id, name_key, id);
CREATE INDEX certificates_kind_not_after ON certificates (kind, not_after, id);
CREATE INDEX certificates_holder ON certificates (holder_id, not_after);
CREATE INDEX certificates_device ON certificates (device_id, not_after) WHERE device_id IS NOT NULL;
-- Revoked certificates in notAfter order: the "revoked" list walks only them.
CREATE INDEX certificates_revoked ON certificates (not_after, id) WHERE revoked_at IS NOT NULL;

-- Diacritic-insensitive search: search_text is folded in the Worker (which also maps đ to d,
-- something unicode61 does not do), and this index follows it through triggers.
CREATE VIRTUAL TABLE certificate_search USING fts5 (
  search_text, content = 'certificates', content_rowid = 'rid'
);
CREATE TRIGGER certificates_search_insert AFTER INSERT ON certificates BEGIN
  INSERT INTO certificate_search (rowid, search_text) VALUES (NEW.rid, NEW.search_text);
END;
CREATE TRIGGER certificates_search_update AFTER UPDATE OF search_text ON certificates BEGIN
  INSERT INTO certificate_search (certificate_search, rowid, search_text)
    VALUES ('delete', OLD.rid, OLD.search_text);
  INSERT INTO certificate_search (rowid, search_text) VALUES (NEW.rid, NEW.search_text);
END;
CREATE TRIGGER certificates_search_delete AFTER DELETE ON certificates BEGIN
  INSERT INTO certificate_search (certificate_search, rowid, search_text)
    VALUES ('delete', OLD.rid, OLD.search_text);
END;

CREATE VIRTUAL TABLE holder_search USING fts5 (name_key, content = 'holders', content_rowid = 'rid');
CREATE TRIGGER holders_search_insert AFTER INSERT ON holders BEGIN
  INSERT INTO holder_search (rowid, name_key) VALUES (NEW.rid, NEW.name_key);
END;
CREATE TRIGGER holders_search_update AFTER UPDATE OF name_key ON holders BEGIN
  INSERT INTO holder_search (holder_search, rowid, name_key) VALUES ('delete', OLD.rid, OLD.name_key);
  INSERT INTO holder_search (rowid, name_key) VALUES (NEW.rid, NEW.name_key);
END;
CREATE TRIGGER holders_search_delete AFTER DELETE ON holders BEGIN
  INSERT INTO holder_search (holder_search, rowid, name_key) VALUES ('delete', OLD.rid, OLD.name_key);
END;

-- Append-only history of every change: who, what, when, before/after (masked), request id.
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  principal  TEXT NOT NULL,
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  before     TEXT CHECK (before IS NULL OR json_valid(before)),
  after      TEXT CHECK (after IS NULL OR json_valid(after)),
  request_id TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit-log-is-append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit-log-is-append-only');
END;

-- The first answer to a create sent with an Idempotency-Key, replayed for repeats.
CREATE TABLE idempotency_keys (
  principal    TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL, -- SHA-256 of method, path and body: a reused key with another body is refused
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (principal, key)
);

-- Preconditions in SQL: a statement inserts a row here when the condition it guards failed (for
-- example `WHERE changes() = 0` after a versioned UPDATE); the trigger aborts the whole batch, so
-- nothing of it is written, and the Worker answers 409/412. No row is ever stored.
CREATE TABLE guards (failed INTEGER NOT NULL);
CREATE TRIGGER guards_abort BEFORE INSERT ON guards BEGIN
  SELECT RAISE(ABORT, 'precondition-failed');
END;
