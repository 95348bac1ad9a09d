-- Hardening (issue #15).
--   audit_log       entries from now on are keyed: their hash is an HMAC with a secret that lives
--                   in the Worker's secrets, not in D1 (key_id says which key; NULL: a plain
--                   SHA-256 entry from before). Someone with SQL access can no longer recompute
--                   the chain after rewriting it; anchors outside D1 catch truncation.
--   sessions        a console session remembers the credential that opened it (a hash), so
--                   rotating ADMIN_TOKEN ends the sessions it opened.
--   signin_failures failed sign-ins are counted per day and client, not each appended to the
--                   audit log (an anonymous flood no longer grows the permanent log).
ALTER TABLE audit_log ADD COLUMN key_id TEXT;
ALTER TABLE sessions ADD COLUMN credential TEXT;
-- Sessions opened with ADMIN_TOKEN before this: no credential to check, so they end now.
DELETE FROM sessions WHERE local = 1;

CREATE TABLE signin_failures (
  day    TEXT NOT NULL,    -- the Vietnam calendar day (YYYY-MM-DD)
  client TEXT NOT NULL,    -- the client address as the rate limit counts it (IPv4, or an IPv6 /64)
  n      INTEGER NOT NULL,
  last   TEXT NOT NULL,
  PRIMARY KEY (day, client)
) WITHOUT ROWID;
