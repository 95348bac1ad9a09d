-- The CA's word, whole and on time (issue #16).
--   ca_revocations  what the CA's CRLs say now, per CA and serial: revoked (with the reason as the
--                   CA wrote it, and the invalidity date) or on hold (certificateHold, 6); also of
--                   serials the registry does not hold. One row per certificate, however many
--                   CRLs list it: a daily CRL of 100,000 entries writes only what changed.
--                   It replaces crl_entries (every entry of every CRL, kept again each time).
--   crls            the CRL's scope (complete, partial, delta and the base it applies to), its
--                   number as a sortable key, the key that signed it, and how it came.
--   certificates    hold_at: the CA put it on hold (not good, not revoked for good); revoked_by:
--                   the CRL whose import revoked it (reconciliation).
--   issuers         the freshness of the CA's word (latest thisUpdate/nextUpdate), where its CRLs
--                   and OCSP responder are, and the fetch's conditional-request state.
--   issuer_keys     a CA certificate's own serial, its issuer's name key and its key identifier,
--                   so the parent CA's CRL can revoke it and a CRL's AKI finds its key.
--   crl_fetches     every scheduled fetch attempt: ok, not modified, or failed and why.
CREATE TABLE ca_revocations (
  issuer_id       TEXT NOT NULL REFERENCES issuers (id),
  serial          TEXT NOT NULL,
  revoked_at      TEXT NOT NULL,
  reason_code     INTEGER NOT NULL CHECK (reason_code IN (0, 1, 2, 3, 4, 5, 6, 9, 10)),
  invalidity_date TEXT,
  crl_id          TEXT NOT NULL REFERENCES crls (id), -- the CRL that last said so
  key_id          TEXT,                               -- the signing key's series it belongs to
  PRIMARY KEY (issuer_id, serial)
) WITHOUT ROWID;
CREATE INDEX ca_revocations_crl ON ca_revocations (crl_id);
INSERT INTO ca_revocations (issuer_id, serial, revoked_at, reason_code, crl_id)
  SELECT l.issuer_id, e.serial, e.revoked_at, CASE WHEN e.reason_code IN (7, 8) THEN 0 ELSE e.reason_code END, e.crl_id
  FROM crl_entries e JOIN crls l ON l.id = e.crl_id
  WHERE e.reason_code <> 8
  ORDER BY l.this_update
  ON CONFLICT (issuer_id, serial) DO UPDATE SET
    revoked_at = excluded.revoked_at, reason_code = excluded.reason_code, crl_id = excluded.crl_id;
DROP TABLE crl_entries;

ALTER TABLE crls ADD COLUMN scope TEXT NOT NULL DEFAULT 'complete' CHECK (scope IN ('complete', 'partial', 'delta'));
ALTER TABLE crls ADD COLUMN delta_base TEXT;
ALTER TABLE crls ADD COLUMN number_key TEXT;
ALTER TABLE crls ADD COLUMN key_id TEXT REFERENCES issuer_keys (id);
ALTER TABLE crls ADD COLUMN indirect INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crls ADD COLUMN source TEXT NOT NULL DEFAULT 'upload' CHECK (source IN ('upload', 'fetch'));
ALTER TABLE crls ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crls ADD COLUMN released INTEGER NOT NULL DEFAULT 0;
CREATE INDEX crls_series ON crls (issuer_id, key_id, scope, number_key);
CREATE INDEX crls_imported ON crls (imported_at);

ALTER TABLE certificates ADD COLUMN hold_at TEXT;
ALTER TABLE certificates ADD COLUMN revoked_by TEXT REFERENCES crls (id);
CREATE INDEX certificates_held ON certificates (hold_at) WHERE hold_at IS NOT NULL;
CREATE INDEX certificates_revoked_by ON certificates (revoked_by) WHERE revoked_by IS NOT NULL;
-- Revocations the department recorded that no CRL has confirmed yet (reconciliation).
CREATE INDEX certificates_revoked_here ON certificates (revoked_at)
  WHERE revoked_at IS NOT NULL AND revoked_by IS NULL;

ALTER TABLE issuers ADD COLUMN crl_this_update TEXT;
ALTER TABLE issuers ADD COLUMN crl_next_update TEXT;
ALTER TABLE issuers ADD COLUMN crl_seq INTEGER NOT NULL DEFAULT 0; -- moves on with every import
ALTER TABLE issuers ADD COLUMN crl_urls TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(crl_urls));
ALTER TABLE issuers ADD COLUMN ocsp_urls TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ocsp_urls));
ALTER TABLE issuers ADD COLUMN fetch_etag TEXT;
ALTER TABLE issuers ADD COLUMN fetch_last_modified TEXT;
ALTER TABLE issuers ADD COLUMN fetch_failures INTEGER NOT NULL DEFAULT 0; -- failed in a row
ALTER TABLE issuers ADD COLUMN alerted_at TEXT; -- the department was told of this incident
UPDATE issuers SET
  crl_this_update = (SELECT max(this_update) FROM crls WHERE issuer_id = issuers.id),
  crl_next_update = (SELECT next_update FROM crls WHERE issuer_id = issuers.id ORDER BY this_update DESC LIMIT 1);

ALTER TABLE issuer_keys ADD COLUMN serial TEXT;
ALTER TABLE issuer_keys ADD COLUMN parent_key TEXT; -- the name key (dn_key) of the CA that issued it
ALTER TABLE issuer_keys ADD COLUMN key_id TEXT;     -- subjectKeyIdentifier, upper-case hex

CREATE TABLE crl_fetches (
  id            INTEGER PRIMARY KEY,
  issuer_id     TEXT NOT NULL REFERENCES issuers (id),
  url           TEXT NOT NULL,
  at            TEXT NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('ok', 'not-modified', 'failed')),
  detail        TEXT,
  crl_id        TEXT REFERENCES crls (id),
  ms            INTEGER
);
CREATE INDEX crl_fetches_issuer ON crl_fetches (issuer_id, id);

-- Telling people: when a certificate becomes revoked, by the department or by a CRL, on any path,
-- its agency gets a notice (threshold -2) in the next morning's digest, once per certificate.
CREATE TRIGGER certificates_revocation_notice AFTER UPDATE OF revoked_at ON certificates
  WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO notices (id, certificate_id, agency_id, threshold, due_date, state, created_at)
  VALUES ('ntr' || substr(NEW.id, 4), NEW.id, NEW.agency_id, -2,
          date(NEW.updated_at, '+7 hours'), 'pending', NEW.updated_at);
END;

-- The department is told before an issuing CA's certificate expires (90 and 30 days): once each.
CREATE TABLE issuer_key_notices (
  key_id     TEXT NOT NULL REFERENCES issuer_keys (id),
  threshold  INTEGER NOT NULL,
  digest_id  TEXT REFERENCES digests (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (key_id, threshold)
) WITHOUT ROWID;
