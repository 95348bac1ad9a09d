-- Expiry reminders: notices (one per certificate and threshold), the digests that carry them to
-- an agency, every delivery attempt, and acknowledgements ("being renewed").

-- Per-agency reminder thresholds (JSON array of days before expiry); NULL = the registry's own.
ALTER TABLE agencies ADD COLUMN reminder_days TEXT CHECK (reminder_days IS NULL OR json_valid(reminder_days));

CREATE TABLE digests (
  id         TEXT PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('agency', 'escalation')),
  agency_id  TEXT REFERENCES agencies (id), -- NULL for the department's escalation digest
  run_date   TEXT NOT NULL,                 -- the Vietnam calendar day of the scan (YYYY-MM-DD)
  -- new: made, not yet on the queue; queued; sent: every channel accepted; failed: retries ran out;
  -- cancelled: nothing left to say (every certificate in it was revoked, renewed or acknowledged).
  state      TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'queued', 'sent', 'failed', 'cancelled')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  sent_at    TEXT,
  CHECK ((kind = 'agency') = (agency_id IS NOT NULL))
);
-- One digest per agency per run (and one escalation per run): a second run the same day adds none.
CREATE UNIQUE INDEX digests_run ON digests (kind, coalesce(agency_id, ''), run_date);
CREATE INDEX digests_state ON digests (state, run_date);

CREATE TABLE notices (
  id              TEXT PRIMARY KEY,
  certificate_id  TEXT NOT NULL REFERENCES certificates (id),
  agency_id       TEXT NOT NULL REFERENCES agencies (id),
  threshold       INTEGER NOT NULL, -- days left when due; -1 = "expired" (the day after notAfter)
  due_date        TEXT NOT NULL,    -- the Vietnam day the threshold is reached (YYYY-MM-DD)
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'superseded', 'suppressed')),
  digest_id       TEXT REFERENCES digests (id),
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
-- The heart of "exactly once per threshold": a certificate is told about a threshold once.
CREATE UNIQUE INDEX notices_once ON notices (certificate_id, threshold);
CREATE INDEX notices_undigested ON notices (agency_id) WHERE state = 'pending' AND digest_id IS NULL;
CREATE INDEX notices_digest ON notices (digest_id);
CREATE INDEX notices_agency ON notices (agency_id, due_date, id);
CREATE INDEX notices_due ON notices (due_date, id);

-- "Being renewed": an acknowledged certificate gets no further notices until it is un-acknowledged.
CREATE TABLE certificate_acks (
  certificate_id TEXT PRIMARY KEY REFERENCES certificates (id),
  notice_id      TEXT NOT NULL REFERENCES notices (id),
  by_principal   TEXT NOT NULL,
  at             TEXT NOT NULL,
  note           TEXT
);

CREATE TABLE delivery_attempts (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  digest_id TEXT NOT NULL REFERENCES digests (id),
  channel   TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  target    TEXT NOT NULL,
  at        TEXT NOT NULL,
  outcome   TEXT NOT NULL CHECK (outcome IN ('accepted', 'failed')),
  detail    TEXT
);
CREATE INDEX delivery_attempts_digest ON delivery_attempts (digest_id, channel, outcome);
