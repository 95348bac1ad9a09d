import type { ApiKey } from '../../schemas/access'

interface KeyRow {
  id: string
  name: string
  role: ApiKey['role']
  agency_id: string | null
  prefix: string
  created_at: string
  created_by: string
  revoked_at: string | null
  last_used_at: string | null
}

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  role: r.role,
  agencyId: r.agency_id,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
})

const columns =
  'id, name, role, agency_id, prefix, created_at, created_by, revoked_at, last_used_at'

/** The live (not revoked) key with this hash, or null. */
export async function findLiveKey(db: D1Database, hash: string) {
  const row = await db
    .prepare(`SELECT ${columns} FROM api_keys WHERE hash = ?1 AND revoked_at IS NULL`)
    .bind(hash)
    .first<KeyRow>()
  return row && toKey(row)
}

/** The key with this id, or null. */
export async function findKey(db: D1Database, id: string) {
  const row = await db
    .prepare(`SELECT ${columns} FROM api_keys WHERE id = ?1`)
    .bind(id)
    .first<KeyRow>()
  return row && toKey(row)
}

/** Every key, newest first (a department has tens of keys, not thousands). */
export async function listKeys(db: D1Database) {
  const { results } = await db
    .prepare(`SELECT ${columns} FROM api_keys ORDER BY created_at DESC, id DESC`)
    .all<KeyRow>()
  return results.map(toKey)
}

/** Inserts a key (its hash only). */
export function insertKey(db: D1Database, key: ApiKey, hash: string) {
  return db
    .prepare(
      `INSERT INTO api_keys (id, name, role, agency_id, prefix, hash, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`
    )
    .bind(key.id, key.name, key.role, key.agencyId, key.prefix, hash, key.createdAt, key.createdBy)
}

/** Revokes a key that is still live (0 rows changed = already revoked). */
export const revokeKey = (db: D1Database, id: string, at: string) =>
  db
    .prepare('UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL')
    .bind(id, at)

/** Records a key's use, at most once a minute, so reads do not become writes. */
export const touchKey = (db: D1Database, id: string, at: Date) =>
  db
    .prepare(
      'UPDATE api_keys SET last_used_at = ?2 WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < ?3)'
    )
    .bind(id, at.toISOString(), new Date(at.getTime() - 60_000).toISOString())
