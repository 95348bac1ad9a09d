import type { Agency } from '../../schemas/agency'
import { fold } from '../lib/text'
import { Filter, pageQuery, runPage, subtreeOf, type PageRequest } from './query'

export interface AgencyRow {
  id: string
  code: string
  name: string
  kind: Agency['kind']
  parent_id: string | null
  emails: string
  webhook_url: string | null
  status: Agency['status']
  successor_id: string | null
  ended_at: string | null
  reminder_days: string | null
  version: number
  created_at: string
  updated_at: string
}

/** Maps a stored row to the API's Agency. */
export const toAgency = (row: AgencyRow): Agency => ({
  id: row.id,
  code: row.code,
  name: row.name,
  kind: row.kind,
  parentId: row.parent_id,
  emails: JSON.parse(row.emails),
  webhookUrl: row.webhook_url,
  status: row.status,
  successorId: row.successor_id,
  endedAt: row.ended_at,
  reminderDays: row.reminder_days ? JSON.parse(row.reminder_days) : null,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/** The agency with this id, or null. */
export async function findAgency(db: D1Database, id: string) {
  const row = await db.prepare('SELECT * FROM agencies WHERE id = ?1').bind(id).first<AgencyRow>()
  return row && toAgency(row)
}

/** Inserts a new agency. */
export function insertAgency(db: D1Database, a: Agency) {
  return db
    .prepare(
      `INSERT INTO agencies (id, code, name, name_key, kind, parent_id, emails, webhook_url, status, successor_id, version, created_at, updated_at, reminder_days)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)`
    )
    .bind(
      a.id,
      a.code,
      a.name,
      fold(a.name),
      a.kind,
      a.parentId,
      JSON.stringify(a.emails),
      a.webhookUrl,
      a.status,
      a.successorId,
      a.version,
      a.createdAt,
      a.reminderDays ? JSON.stringify(a.reminderDays) : null
    )
}

/**
 * Saves an agency's details if it is still at `expected` version. The new parent must not be
 * the agency itself or below it (the tree never gets a cycle): that check is in the statement,
 * so a concurrent re-parenting cannot slip a cycle past it. 0 rows changed = refused.
 */
export function updateAgency(db: D1Database, a: Agency, expected: number) {
  return db
    .prepare(
      `UPDATE agencies SET code = ?2, name = ?3, name_key = ?4, kind = ?5, parent_id = ?6, emails = ?7,
         webhook_url = ?8, reminder_days = ?11, version = version + 1, updated_at = ?9
       WHERE id = ?1 AND version = ?10
         AND (?6 IS NULL OR ?6 NOT IN (${subtreeOf('?1')}))`
    )
    .bind(
      a.id,
      a.code,
      a.name,
      fold(a.name),
      a.kind,
      a.parentId,
      JSON.stringify(a.emails),
      a.webhookUrl,
      a.updatedAt,
      expected,
      a.reminderDays ? JSON.stringify(a.reminderDays) : null
    )
}

/** Records a former name of an agency (a rename keeps a dated history). */
export const recordFormerName = (db: D1Database, id: string, name: string, until: string) =>
  db
    .prepare('INSERT INTO agency_names (agency_id, name, until) VALUES (?1, ?2, ?3)')
    .bind(id, name, until)

/** The names an agency had before, newest first. */
export async function formerNamesOf(db: D1Database, id: string) {
  const { results } = await db
    .prepare('SELECT name, until FROM agency_names WHERE agency_id = ?1 ORDER BY until DESC')
    .bind(id)
    .all<{ name: string; until: string }>()
  return results
}

/** Whether `candidate` is `id` or lies below it. */
export async function isInSubtree(db: D1Database, id: string, candidate: string) {
  const row = await db
    .prepare(`SELECT 1 AS hit WHERE ?2 IN (${subtreeOf('?1')})`)
    .bind(id, candidate)
    .first()
  return row !== null
}

export interface AgencyFilter extends PageRequest {
  /** Officers: only this agency's subtree. */
  scope?: string
  parentId?: string
  roots?: boolean
  kind?: string
  status?: string
  q?: string
}

/** The SQL of an agency list page, sorted by folded name. */
export function agencyListQuery(f: AgencyFilter) {
  const where = new Filter()
  if (f.scope) where.and(`id IN (${subtreeOf(where.bind(f.scope))})`)
  if (f.parentId) where.and(`parent_id = ${where.bind(f.parentId)}`)
  if (f.roots) where.and('parent_id IS NULL')
  if (f.kind) where.and(`kind = ${where.bind(f.kind)}`)
  if (f.status) where.and(`status = ${where.bind(f.status)}`)
  if (f.q) {
    // Agencies number in the thousands, not millions: a substring test of the folded name is
    // enough. instr(), not LIKE: D1 caps LIKE patterns at 50 bytes, and a term is not a pattern.
    const term = where.bind(fold(f.q))
    where.and(`(instr(name_key, ${term}) > 0 OR instr(lower(code), ${term}) > 0)`)
  }
  return pageQuery(
    { from: 'SELECT * FROM agencies', filter: where, sortColumn: 'name_key', idColumn: 'id' },
    f
  )
}

/** One page of agencies. */
export function listAgencies(db: D1Database, f: AgencyFilter) {
  return runPage<AgencyRow & { name_key: string }, Agency>(
    db,
    agencyListQuery(f),
    f.limit,
    (r) => ({ key: r.name_key, id: r.id }),
    toAgency
  )
}
