-- Access control: API keys, Access users, console sessions; and the audit log's hash chain.

-- API keys are shown once; only a SHA-256 of the key is kept (keys are 160 random bits, so a
-- plain hash is enough: there is nothing to brute-force as there would be for a password).
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role         TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'auditor')),
  agency_id    TEXT REFERENCES agencies (id),
  prefix       TEXT NOT NULL, -- the first characters, to recognise a key in lists and logs
  hash         TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  revoked_at   TEXT,
  last_used_at TEXT,
  CHECK ((role = 'officer') = (agency_id IS NOT NULL))
);

-- People who sign in through Cloudflare Access: their e-mail decides their role and scope.
CREATE TABLE users (
  id          TEXT PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'auditor')),
  agency_id   TEXT REFERENCES agencies (id),
  created_at  TEXT NOT NULL,
  disabled_at TEXT,
  CHECK ((role = 'officer') = (agency_id IS NOT NULL))
);

-- Console sessions: the cookie holds a random token, this table its SHA-256. A session lives
-- only as long as the key or user behind it (checked on every request).
CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  key_id     TEXT REFERENCES api_keys (id),
  user_id    TEXT REFERENCES users (id),
  local      INTEGER NOT NULL DEFAULT 0, -- signed in with the local ADMIN_TOKEN
  csrf       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  CHECK ((key_id IS NOT NULL) + (user_id IS NOT NULL) + local = 1)
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- The audit log becomes tamper-evident: each entry carries the SHA-256 of its content and of the
-- previous entry's hash, so changing or removing a row breaks every link after it.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE INDEX audit_log_principal ON audit_log (principal, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_at ON audit_log (at);
