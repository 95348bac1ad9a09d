-- The scheduled CRL fetch and the department's alerts (issue #16).
--   alerts   one row per incident (a CA's CRL that cannot be fetched, or has gone stale): the
--            department is told when it opens, once, and it closes when the cause is gone.
CREATE TABLE alerts (
  key        TEXT PRIMARY KEY,   -- what it is about, e.g. 'crl:<issuer id>'
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  detail     TEXT NOT NULL,
  opened_at  TEXT NOT NULL,
  told_at    TEXT,               -- when the department was told (NULL: not yet, or no address)
  closed_at  TEXT
);
CREATE INDEX alerts_open ON alerts (opened_at) WHERE closed_at IS NULL;

-- Certificates name their issuer by its DN: the reconciliation joins issuers on it.
CREATE INDEX issuers_dn ON issuers (dn);
