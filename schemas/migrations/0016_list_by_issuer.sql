-- The certificate list filtered by issuing CA (#17: "all of the old CA's certificates"), in
-- expiry order: one index read per page, as for an agency or a kind.
CREATE INDEX certificates_issuer_not_after ON certificates (issuer, not_after, id);
