-- Requests under Nghị định 68/2024 (#19): what an agency asks of the CA, through the department,
-- with the state of each, its deadline in working days, and what it led to. And the holidays
-- each year's government notice adds or swaps (the statutory ones are computed).
CREATE TABLE requests (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('issue', 'renewal', 'change', 'revocation', 'recovery')),
  certificate_kind TEXT CHECK (certificate_kind IN ('personal', 'organisation', 'device_service')),
  agency_id        TEXT NOT NULL REFERENCES agencies (id),
  doc_number       TEXT,            -- the agency's số, ký hiệu
  doc_date         TEXT,            -- and its date (YYYY-MM-DD)
  reason_code      INTEGER CHECK (reason_code IN (0, 1, 3, 4, 5, 9)),
  cause            TEXT,
  note             TEXT,
  state            TEXT NOT NULL DEFAULT 'draft'
                     CHECK (state IN ('draft', 'filed', 'returned', 'checked', 'sent', 'done', 'refused', 'cancelled')),
  state_note       TEXT,            -- why it was returned, refused or cancelled
  channel          TEXT CHECK (channel IN ('online', 'document-exchange', 'paper')),
  reference        TEXT,            -- the CA's or the exchange's reference
  sent_at          TEXT,
  due_day          TEXT,            -- the CA's answer is due by the end of this Vietnam day
  done_at          TEXT,
  result_id        TEXT REFERENCES certificates (id),
  created_by       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  CHECK (kind <> 'issue' OR certificate_kind IS NOT NULL),
  CHECK (kind <> 'revocation' OR (reason_code IS NOT NULL AND cause IS NOT NULL)),
  CHECK ((state = 'sent') <= (sent_at IS NOT NULL AND due_day IS NOT NULL))
);
-- An agency's queue (and a subtree's, agency by agency), newest first; what is overdue.
CREATE INDEX requests_agency ON requests (agency_id, created_at, id);
CREATE INDEX requests_state ON requests (state, created_at, id);
CREATE INDEX requests_created ON requests (created_at, id);
CREATE INDEX requests_due ON requests (due_day, id) WHERE state = 'sent';

CREATE TABLE request_items (
  request_id     TEXT NOT NULL REFERENCES requests (id),
  n              INTEGER NOT NULL,
  holder_id      TEXT REFERENCES holders (id),
  device_id      TEXT REFERENCES devices (id),
  certificate_id TEXT REFERENCES certificates (id),
  PRIMARY KEY (request_id, n),
  CHECK (holder_id IS NOT NULL OR device_id IS NOT NULL OR certificate_id IS NOT NULL)
);
-- "Is a renewal asked for this certificate?": reminders and acknowledgements ask it.
CREATE INDEX request_items_certificate ON request_items (certificate_id) WHERE certificate_id IS NOT NULL;

CREATE TABLE holidays (
  day        TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  kind       TEXT NOT NULL CHECK (kind IN ('off', 'work')),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  source     TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 300), -- the notice it comes from
  created_at TEXT NOT NULL
);
