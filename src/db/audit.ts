import { entryHash, type AuditKey, type StoredEntry } from '../domain/audit-chain'
import { Problem } from '../lib/problem'
import { ChainMoved, commit } from './batch'
import { maskIds, maskPhone } from '../domain/masking'
import { Filter } from './query'

export interface AuditEntry {
  at: string
  principal: string
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
  requestId: string
}

/**
 * Personal data never enters the log whole: CCCD and phone numbers are masked, at any depth, and
 * so is a CCCD inside a certificate subject (as its serialNumber or UID).
 */
function masked(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return JSON.stringify(value, (key, v) =>
    typeof v !== 'string'
      ? v
      : key === 'phone'
        ? maskPhone(v)
        : key === 'nationalId' || key === 'subject'
          ? maskIds(v)
          : v
  )
}

/** The newest entry's seq and hash: where the next entries chain on. */
export async function chainHead(db: D1Database) {
  return db
    .prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
    .first<{ seq: number; hash: string | null }>()
}

/**
 * The statements that append `entries` after `head`, each hashed and chained to the one before.
 * The seq is explicit: if another writer appended first, the primary key refuses these rows and
 * the whole batch rolls back (the caller then re-reads the head and tries again).
 */
export async function chainedInserts(
  db: D1Database,
  head: { seq: number; hash: string | null } | null,
  entries: AuditEntry[],
  signer: AuditKey
) {
  let seq = head?.seq ?? 0
  let prevHash = head?.hash ?? null
  const rows: unknown[][] = []
  for (const entry of entries) {
    const chained = {
      ...entry,
      seq: ++seq,
      before: masked(entry.before),
      after: masked(entry.after),
      prevHash,
      keyId: signer.id,
    }
    const hash = await entryHash(chained, signer.key)
    rows.push([
      chained.seq,
      chained.at,
      chained.principal,
      chained.action,
      chained.entity,
      chained.entityId,
      chained.before,
      chained.after,
      chained.requestId,
      prevHash,
      hash,
      signer.id,
    ])
    prevHash = hash
  }
  // Bulk changes (imports) append hundreds of entries: 100 rows go into one statement as a single
  // JSON parameter, well inside D1's limits on parameters and statements per invocation.
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < rows.length; i += 100)
    statements.push(
      db
        .prepare(
          `INSERT INTO audit_log (seq, at, principal, action, entity, entity_id, before, after, request_id, prev_hash, hash, key_id)
           SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7,
                  value ->> 8, value ->> 9, value ->> 10, value ->> 11
           FROM json_each(?1) ORDER BY key`
        )
        .bind(JSON.stringify(rows.slice(i, i + 100)))
    )
  return statements
}

interface AuditRow {
  seq: number
  at: string
  principal: string
  action: string
  entity: string
  entity_id: string
  before: string | null
  after: string | null
  request_id: string
  prev_hash: string | null
  hash: string | null
  key_id: string | null
}

/** Maps a stored audit row to the entry the chain is computed over. */
export const toEntry = (r: AuditRow): StoredEntry => ({
  seq: r.seq,
  at: r.at,
  principal: r.principal,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before,
  after: r.after,
  requestId: r.request_id,
  prevHash: r.prev_hash,
  hash: r.hash,
  keyId: r.key_id ?? null,
})

/** `limit` entries from `fromSeq` on, in chain order, and the hash of the one before them. */
export async function chainSlice(db: D1Database, fromSeq: number, limit: number) {
  const [rows, before] = await db.batch<any>([
    db
      .prepare('SELECT * FROM audit_log WHERE seq >= ?1 ORDER BY seq LIMIT ?2')
      .bind(fromSeq, limit),
    db.prepare('SELECT hash FROM audit_log WHERE seq < ?1 ORDER BY seq DESC LIMIT 1').bind(fromSeq),
  ])
  return {
    entries: (rows.results as AuditRow[]).map(toEntry),
    prevHash: (before.results[0]?.hash as string | undefined) ?? null,
  }
}

export interface AuditFilter {
  limit: number
  cursor?: string
  entity?: string
  entityId?: string
  principal?: string
  action?: string
  from?: string
  to?: string
}

/** A page of audit entries, newest first (the cursor is the last seq handed out). */
export async function auditPage(db: D1Database, f: AuditFilter) {
  const where = new Filter()
  if (f.entity) where.and(`entity = ${where.bind(f.entity)}`)
  if (f.entityId) where.and(`entity_id = ${where.bind(f.entityId)}`)
  if (f.principal) where.and(`principal = ${where.bind(f.principal)}`)
  if (f.action) where.and(`action = ${where.bind(f.action)}`)
  if (f.from) where.and(`at >= ${where.bind(f.from)}`)
  if (f.to) where.and(`at < ${where.bind(f.to)}`)
  if (f.cursor) where.and(`seq < ${where.bind(Number(f.cursor))}`)
  const { results } = await db
    .prepare(
      `SELECT * FROM audit_log ${where.sql} ORDER BY seq DESC LIMIT ${where.bind(f.limit + 1)}`
    )
    .bind(...where.params)
    .all<AuditRow>()
  const more = results.length > f.limit
  const rows = more ? results.slice(0, f.limit) : results
  return { entries: rows.map(toEntry), nextCursor: more ? String(rows[rows.length - 1].seq) : null }
}

/**
 * How often a write is rebuilt when other writers keep extending the audit chain first, waiting a
 * random, growing pause between tries so that simultaneous writers spread out instead of colliding
 * again. A department writes a few times a second at most; this holds dozens at once.
 */
const CHAIN_ATTEMPTS = 20
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(5 * 2 ** attempt, 250)))

/**
 * Commits statements and their audit entries (hash-chained to the log's head) in one batch: all
 * of it lands or none. When another write took the chain's next place first, the entries are
 * rebuilt on the new head and the batch is tried again; a change's preconditions are in its own
 * statements, so a retry can never apply a change that is no longer valid.
 */
export async function commitAudited(
  db: D1Database,
  signer: AuditKey,
  statements: D1PreparedStatement[],
  entries: AuditEntry[],
  after: D1PreparedStatement[] = [],
  onGuard?: () => Problem
) {
  for (let attempt = 1; ; attempt++) {
    const audit = await chainedInserts(db, await chainHead(db), entries, signer)
    try {
      return await commit(db, [...statements, ...audit, ...after], onGuard)
    } catch (error) {
      if (!(error instanceof ChainMoved)) throw error
      if (attempt >= CHAIN_ATTEMPTS)
        throw new Problem(503, 'registry-busy', {}, undefined, { 'Retry-After': '1' })
      await pause(attempt)
    }
  }
}
