import { changedExactly } from './batch'
import { subtreeOf } from './query'

/**
 * Agency reorganisations (the 2025 reform): mergers, splits, dissolutions and their corrections,
 * as statements for one batch. Preconditions are guards in the same batch, so of two conflicting
 * reorganisations sent at once exactly one lands. Each move returns the ids it moved: count those
 * (and keep them, so a correction can move them back), not D1's meta.changes, which also counts
 * the rows that triggers write.
 */

/** Aborts the batch unless the agency is active when the batch runs. */
export const guardActive = (db: D1Database, id: string) =>
  db
    .prepare(
      "INSERT INTO guards (failed) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM agencies WHERE id = ?1 AND status = 'active')"
    )
    .bind(id)

/** Aborts the batch if `candidate` is `id` or lies below it (the tree never gets a cycle). */
export const guardOutside = (db: D1Database, id: string, candidate: string) =>
  db
    .prepare(`INSERT INTO guards (failed) SELECT 1 WHERE ?2 IN (${subtreeOf('?1')})`)
    .bind(id, candidate)

/** Ends an agency (merged or dissolved) if it is still active at `expected` version. */
export const endAgency = (
  db: D1Database,
  id: string,
  status: 'merged' | 'dissolved',
  successorId: string | null,
  expected: number,
  at: string
) =>
  db
    .prepare(
      `UPDATE agencies SET status = ?2, successor_id = ?3, ended_at = ?5, version = version + 1, updated_at = ?5
       WHERE id = ?1 AND version = ?4 AND status = 'active'`
    )
    .bind(id, status, successorId, expected, at)

/** Makes an ended agency active again (a correction), if it is still ended as the correction read it. */
export const reviveAgency = (db: D1Database, id: string, expected: number, at: string) =>
  db
    .prepare(
      `UPDATE agencies SET status = 'active', successor_id = NULL, ended_at = NULL, version = version + 1, updated_at = ?3
       WHERE id = ?1 AND version = ?2 AND status <> 'active'`
    )
    .bind(id, expected, at)

/** What a reorganisation moves: persons, devices, units, and the active personal certificates. */
export interface Moved {
  holders: string[]
  devices: string[]
  certificates: string[]
  units: string[]
}

const ids = (list: string[]) => JSON.stringify(list)

/**
 * What of an agency a reorganisation can move, by id: its persons (not the organisation holders:
 * the agency's own seal and systems stay with its history), devices, active units, and the
 * active personal certificates (of `holders` only, when given: a split moves a person's
 * certificates with the person).
 */
export async function movableOf(db: D1Database, id: string, now: Date, holders?: string[]) {
  const [h, d, c, u] = await db.batch<{ id: string }>([
    db.prepare("SELECT id FROM holders WHERE agency_id = ?1 AND kind = 'person'").bind(id),
    db.prepare('SELECT id FROM devices WHERE agency_id = ?1').bind(id),
    db
      .prepare(
        `SELECT id FROM certificates WHERE agency_id = ?1 AND kind = 'personal' AND revoked_at IS NULL
           AND not_after > ?2 AND (?3 IS NULL OR holder_id IN (SELECT value FROM json_each(?3)))`
      )
      .bind(id, now.toISOString(), holders ? ids(holders) : null),
    db.prepare("SELECT id FROM agencies WHERE parent_id = ?1 AND status = 'active'").bind(id),
  ])
  const list = (r: D1Result<{ id: string }>) => r.results.map((row) => row.id)
  return { holders: list(h), devices: list(d), certificates: list(c), units: list(u) }
}

/**
 * The statements that move these records of `from` to `to`, each followed by a guard that it
 * moved exactly them: a record added, moved or removed meanwhile aborts the batch.
 */
export function moveRecords(db: D1Database, from: string, to: string, at: string, moved: Moved) {
  const move = (table: string, column: string, list: string[]) => [
    db
      .prepare(
        `UPDATE ${table} SET ${column} = ?2, version = version + 1, updated_at = ?3
         WHERE ${column} = ?1 AND id IN (SELECT value FROM json_each(?4))`
      )
      .bind(from, to, at, ids(list)),
    changedExactly(db, list.length),
  ]
  return [
    ...move('holders', 'agency_id', moved.holders),
    ...move('devices', 'agency_id', moved.devices),
    ...move('certificates', 'agency_id', moved.certificates),
    ...move('agencies', 'parent_id', moved.units),
  ]
}

/**
 * The statements that move back what a reorganisation moved to `to`, where it still is (a record
 * moved on since stays where it went).
 */
export function moveBack(db: D1Database, moved: Moved, to: string, from: string, at: string) {
  const back = (table: string, column: string, list: string[]) =>
    db
      .prepare(
        `UPDATE ${table} SET ${column} = ?2, version = version + 1, updated_at = ?3
         WHERE ${column} = ?1 AND id IN (SELECT value FROM json_each(?4)) RETURNING id`
      )
      .bind(to, from, at, ids(list))
  return [
    back('holders', 'agency_id', moved.holders),
    back('devices', 'agency_id', moved.devices),
    back('certificates', 'agency_id', moved.certificates),
    back('agencies', 'parent_id', moved.units),
  ]
}

/** Aborts the batch if the agency still has anything a merger moves (it must not keep living records). */
export const guardNothingMovable = (db: D1Database, id: string, at: string) =>
  db
    .prepare(
      `INSERT INTO guards (failed) SELECT 1 WHERE
         EXISTS (SELECT 1 FROM holders WHERE agency_id = ?1 AND kind = 'person')
         OR EXISTS (SELECT 1 FROM devices WHERE agency_id = ?1)
         OR EXISTS (SELECT 1 FROM agencies WHERE parent_id = ?1 AND status = 'active')
         OR EXISTS (SELECT 1 FROM certificates WHERE agency_id = ?1 AND kind = 'personal' AND revoked_at IS NULL AND not_after > ?2)`
    )
    .bind(id, at)

/**
 * What an agency would still hold, apart from the records listed (those a split moves away), that
 * keeps it from being dissolved: active units, persons in post, devices in stock, handed over or
 * damaged. (Left-behind certificates are history, or to be revoked.)
 */
export async function remainsOf(
  db: D1Database,
  id: string,
  excluding: Pick<Moved, 'units' | 'holders' | 'devices'> = { units: [], holders: [], devices: [] }
) {
  const row = await db
    .prepare(
      `SELECT (SELECT count(*) FROM agencies WHERE parent_id = ?1 AND status = 'active'
                 AND id NOT IN (SELECT value FROM json_each(?2))) AS units,
              (SELECT count(*) FROM holders WHERE agency_id = ?1 AND kind = 'person' AND status = 'in_post'
                 AND id NOT IN (SELECT value FROM json_each(?3))) AS holders,
              (SELECT count(*) FROM devices WHERE agency_id = ?1 AND status IN ('in_stock', 'assigned', 'damaged')
                 AND id NOT IN (SELECT value FROM json_each(?4))) AS devices`
    )
    .bind(id, ids(excluding.units), ids(excluding.holders), ids(excluding.devices))
    .first<{ units: number; holders: number; devices: number }>()
  return row!
}

/** Aborts the batch unless the agency holds none of what remainsOf counts when the batch runs. */
export const guardEmpty = (db: D1Database, id: string) =>
  db
    .prepare(
      `INSERT INTO guards (failed) SELECT 1 WHERE
         EXISTS (SELECT 1 FROM agencies WHERE parent_id = ?1 AND status = 'active')
         OR EXISTS (SELECT 1 FROM holders WHERE agency_id = ?1 AND kind = 'person' AND status = 'in_post')
         OR EXISTS (SELECT 1 FROM devices WHERE agency_id = ?1 AND status IN ('in_stock', 'assigned', 'damaged'))`
    )
    .bind(id)

/** The most recent reorganisation of an agency in the audit log (what it moved), or null. */
export async function lastReorganisation(db: D1Database, id: string) {
  const row = await db
    .prepare(
      `SELECT action, after FROM audit_log WHERE entity = 'agency' AND entity_id = ?1
         AND action IN ('agency.merge', 'agency.split', 'agency.dissolve', 'agency.correct')
       ORDER BY seq DESC LIMIT 1`
    )
    .bind(id)
    .first<{ action: string; after: string }>()
  return (
    row && {
      action: row.action,
      after: JSON.parse(row.after) as { moved?: Moved; successorId?: string | null },
    }
  )
}
