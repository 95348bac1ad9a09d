/**
 * The statements that move an agency's living records to its successor: its holders, devices
 * and units, and its active personal certificates. Organisation certificates stay (they name an
 * agency that no longer exists: to be changed or revoked), and so does history (revoked and
 * expired certificates), readable under both agencies. Each returns the ids it moved: count those,
 * not D1's meta.changes, which also counts the rows that triggers write (the data version).
 */
export function moveToSuccessor(db: D1Database, from: string, to: string, now: string) {
  return [
    db
      .prepare(
        'UPDATE holders SET agency_id = ?2, version = version + 1, updated_at = ?3 WHERE agency_id = ?1 RETURNING id'
      )
      .bind(from, to, now),
    db
      .prepare(
        'UPDATE devices SET agency_id = ?2, version = version + 1, updated_at = ?3 WHERE agency_id = ?1 RETURNING id'
      )
      .bind(from, to, now),
    db
      .prepare(
        `UPDATE certificates SET agency_id = ?2, version = version + 1, updated_at = ?3
         WHERE agency_id = ?1 AND kind = 'personal' AND revoked_at IS NULL AND not_after > ?3 RETURNING id`
      )
      .bind(from, to, now),
    db
      .prepare(
        'UPDATE agencies SET parent_id = ?2, version = version + 1, updated_at = ?3 WHERE parent_id = ?1 RETURNING id'
      )
      .bind(from, to, now),
  ]
}

/** Marks the agency merged into its successor, only if it is still active at `expected` version. */
export const markMerged = (
  db: D1Database,
  id: string,
  successorId: string,
  expected: number,
  now: string
) =>
  db
    .prepare(
      `UPDATE agencies SET status = 'merged', successor_id = ?2, version = version + 1, updated_at = ?4
       WHERE id = ?1 AND version = ?3 AND status = 'active'`
    )
    .bind(id, successorId, expected, now)
