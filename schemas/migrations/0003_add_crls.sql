-- The CA side: issuing CA certificates the department trusts, and the CRLs imported from them.

CREATE TABLE issuers (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  dn          TEXT NOT NULL UNIQUE, -- canonical distinguished name, as certificates' issuer
  certificate TEXT NOT NULL,        -- PEM: its key checks CRL signatures
  fingerprint TEXT NOT NULL UNIQUE,
  not_after   TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE crls (
  id           TEXT PRIMARY KEY,
  issuer_id    TEXT NOT NULL REFERENCES issuers (id),
  number       TEXT,
  this_update  TEXT NOT NULL,
  next_update  TEXT,
  fingerprint  TEXT NOT NULL UNIQUE, -- the same CRL imported twice is recognised, not re-applied
  entries      INTEGER NOT NULL,
  newly_revoked INTEGER NOT NULL,
  imported_at  TEXT NOT NULL,
  imported_by  TEXT NOT NULL
);
CREATE INDEX crls_issuer ON crls (issuer_id, this_update);

-- Every entry of every imported CRL: what the CA said, also of serials the registry does not hold.
CREATE TABLE crl_entries (
  crl_id      TEXT NOT NULL REFERENCES crls (id),
  serial      TEXT NOT NULL,
  revoked_at  TEXT NOT NULL,
  reason_code INTEGER NOT NULL,
  PRIMARY KEY (crl_id, serial)
) WITHOUT ROWID;
