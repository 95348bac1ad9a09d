-- The signed request file (and any other paper) attached to a request (#19), kept in R2 under
-- requests/<request id>/<n>; here what it is, so the list needs no R2 read.
CREATE TABLE request_attachments (
  request_id TEXT NOT NULL REFERENCES requests (id),
  n          INTEGER NOT NULL,
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type       TEXT NOT NULL CHECK (type IN ('pdf', 'docx', 'cms')),
  size       INTEGER NOT NULL CHECK (size > 0),
  sha256     TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (request_id, n)
);
