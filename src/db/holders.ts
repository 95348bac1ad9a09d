import type { Holder } from '../../schemas/holder'
import { fold, ftsQuery } from '../lib/text'
import { byAgency, Filter, pageQuery, runPage, type PageRequest, type AgencyScope } from './query'

export interface HolderRow {
  id: string
  kind: Holder['kind']
  full_name: string
  name_key: string
  national_id: string | null
  position: string | null
  email: string | null
  phone: string | null
  agency_id: string
  status: Holder['status']
  left_at: string | null
  version: number
  created_at: string
  updated_at: string
}

/** Maps a stored row to a Holder with the CCCD and phone whole (mask them for non-admins). */
export const toHolder = (row: HolderRow): Holder => ({
  id: row.id,
  kind: row.kind,
  fullName: row.full_name,
  nationalId: row.national_id,
  position: row.position,
  email: row.email,
  phone: row.phone,
  agencyId: row.agency_id,
  status: row.status,
  leftAt: row.left_at,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export const holderColumns =
  'id, kind, full_name, name_key, national_id, position, email, phone, agency_id, status, left_at, version, created_at, updated_at'

/** The holder with this id, or null. */
export async function findHolder(db: D1Database, id: string) {
  const row = await db
    .prepare(`SELECT ${holderColumns} FROM holders WHERE id = ?1`)
    .bind(id)
    .first<HolderRow>()
  return row && toHolder(row)
}

/** Inserts a new holder. */
export function insertHolder(db: D1Database, h: Holder) {
  return db
    .prepare(
      `INSERT INTO holders (id, kind, full_name, name_key, national_id, position, email, phone, agency_id, version, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)`
    )
    .bind(
      h.id,
      h.kind,
      h.fullName,
      fold(h.fullName),
      h.nationalId,
      h.position,
      h.email,
      h.phone,
      h.agencyId,
      h.version,
      h.createdAt
    )
}

/**
 * Saves a holder's details, agency and status if still at `expected` version (0 rows changed =
 * refused).
 */
export function updateHolder(db: D1Database, h: Holder, expected: number) {
  return db
    .prepare(
      `UPDATE holders SET full_name = ?2, name_key = ?3, national_id = ?4, position = ?5, email = ?6, phone = ?7,
         agency_id = ?8, version = version + 1, updated_at = ?9, status = ?11, left_at = ?12
       WHERE id = ?1 AND version = ?10`
    )
    .bind(
      h.id,
      h.fullName,
      fold(h.fullName),
      h.nationalId,
      h.position,
      h.email,
      h.phone,
      h.agencyId,
      h.updatedAt,
      expected,
      h.status,
      h.leftAt
    )
}

export interface HolderFilter extends PageRequest, AgencyScope {
  kind?: string
  status?: string
  q?: string
}

/** The SQL of a holder list page, sorted by folded name; `q` goes through the FTS index. */
export function holderListQuery(f: HolderFilter) {
  const where = new Filter()
  const match = f.q ? ftsQuery(f.q) : null
  // A subtree is read agency by agency unless the name search leads.
  const agencies = byAgency(where, f, 'agency_id', !match)
  if (f.kind) where.and(`kind = ${where.bind(f.kind)}`)
  if (f.status) where.and(`status = ${where.bind(f.status)}`)
  if (match)
    where.and(
      `rid IN (SELECT rowid FROM holder_search WHERE holder_search MATCH ${where.bind(match)})`
    )
  return pageQuery(
    {
      from: `SELECT ${holderColumns} FROM holders`,
      filter: where,
      sortColumn: 'name_key',
      idColumn: 'id',
      perAgency: agencies ? { table: 'holders', agencies } : undefined,
    },
    f
  )
}

/** One page of holders. */
export function listHolders(db: D1Database, f: HolderFilter) {
  return runPage<HolderRow, Holder>(
    db,
    holderListQuery(f),
    f.limit,
    (r) => ({ key: r.name_key, id: r.id }),
    toHolder
  )
}
