-- Agency mergers: a merged agency points to its successor, and subtree queries follow that link
-- so the merged agency's history stays readable under the successor.
CREATE INDEX agencies_successor ON agencies (successor_id) WHERE successor_id IS NOT NULL;
