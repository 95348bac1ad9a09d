export interface StoredAnswer {
  fingerprint: string
  status: number
  body: string
}

/** The stored first answer for this principal's Idempotency-Key, or null. */
export function findAnswer(db: D1Database, principal: string, key: string) {
  return db
    .prepare(
      'SELECT fingerprint, status, body FROM idempotency_keys WHERE principal = ?1 AND key = ?2'
    )
    .bind(principal, key)
    .first<StoredAnswer>()
}

/** The statement that stores a create's answer; in the create's batch, so both or neither land. */
export function saveAnswer(
  db: D1Database,
  principal: string,
  key: string,
  answer: StoredAnswer,
  at: string
) {
  return db
    .prepare(
      'INSERT INTO idempotency_keys (principal, key, fingerprint, status, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)'
    )
    .bind(principal, key, answer.fingerprint, answer.status, answer.body, at)
}
