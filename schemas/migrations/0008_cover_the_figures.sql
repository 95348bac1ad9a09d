-- The figures of a subtree from the indexes alone.
--
-- A province's summary counts ~30,000 certificates at national scale by kind, validity,
-- revocation and renewal; through (agency_id, not_after, id) each count fetched the table row
-- (~220 ms in SQLite for a province, 2.6 s for the whole registry). The same two indexes, widened
-- to carry the columns the summary and the list filters read, answer from the index alone
-- (~25 ms and ~0.3 s). The leading columns are unchanged, so every plan that used them still does;
-- the per-agency list pages (pageQuery) become index-only under status filters too.
DROP INDEX certificates_agency_not_after;
CREATE INDEX certificates_agency_not_after ON certificates
  (agency_id, not_after, id, kind, not_before, revoked_at, replaced_by_id, reason_code);
DROP INDEX certificates_kind_not_after;
CREATE INDEX certificates_kind_not_after ON certificates
  (kind, not_after, id, not_before, revoked_at, replaced_by_id);
-- Renewals in a period: a range of the few certificates that replace another.
CREATE INDEX certificates_renewals ON certificates (created_at, agency_id) WHERE replaces_id IS NOT NULL;
-- Revocations in a period across the registry: a range of the few revoked certificates.
CREATE INDEX certificates_revocations ON certificates (revoked_at, reason_code, agency_id)
  WHERE revoked_at IS NOT NULL;
