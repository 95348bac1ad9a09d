import { commitAudited } from '../db/audit'
import { auditKeys, signText } from '../lib/audit-keys'
import { latestAnchor, writeAnchor } from './anchor'
import { sha256Hex } from '../lib/secrets'

/**
 * The tables a backup holds, parents before children. Not kept: console sessions and the
 * idempotency replay cache (short-lived by nature), the search indexes (their triggers rebuild
 * them as rows come back), and the migrations table (the manifest names the latest).
 */
export const BACKUP_TABLES = [
  'agencies',
  'agency_names',
  'holders',
  'devices',
  'device_assignments',
  'issuers',
  'issuer_keys',
  'crls',
  'certificates',
  'ca_revocations',
  'crl_fetches',
  'digests',
  'notices',
  'issuer_key_notices',
  'alerts',
  'certificate_acks',
  'requests',
  'request_items',
  'request_attachments',
  'holidays',
  'delivery_attempts',
  'api_keys',
  'users',
  'audit_log',
] as const

/** Rows per NDJSON object: each part stays a few MB, whatever the table's size. */
const PART_ROWS = 5000
/** Backups older than this are deleted (D1 Time Travel covers the last 30 days besides). */
export const KEEP_DAYS = 90

export interface Manifest {
  createdAt: string
  migration: string | null
  /**
   * The one state the backup holds: read through one D1 session (its bookmark, which D1 Time
   * Travel can also restore to), with the data version and the audit head the same before and
   * after every table was read.
   */
  state: {
    bookmark: string | null
    dataVersion: number
    audit: { seq: number; hash: string } | null
    /** From which seq the audit log is keyed (HMAC), as the latest anchor says. */
    keyedFrom: number | null
  }
  tables: Record<string, { rows: number; parts: { key: string; rows: number; sha256: string }[] }>
  /** HMAC of the manifest (this field left out) with the audit key: a restore checks it first. */
  keyId?: string
  signature?: string
}

/** The text a manifest's signature covers. */
export const manifestText = ({ signature: _, keyId: __, ...m }: Manifest) => JSON.stringify(m)

/** Where the registry stands: its data version and audit head (they move with every write). */
async function standing(db: D1Database) {
  const [version, head] = await db.batch<any>([
    db.prepare('SELECT n FROM data_version WHERE id = 1'),
    db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
  ])
  return {
    dataVersion: Number(version.results[0]?.n ?? 0),
    audit: head.results[0] ? { seq: head.results[0].seq, hash: head.results[0].hash } : null,
  }
}

/** From which seq the audit log is keyed: as the latest anchor says, else as the log says. */
async function keyedFrom(env: Env, db: D1Database) {
  const anchored = await latestAnchor(env)
  if (anchored?.valid) return anchored.anchor.keyedFrom
  const row = await db
    .prepare('SELECT min(seq) AS seq FROM audit_log WHERE key_id IS NOT NULL')
    .first<{ seq: number | null }>()
  return row?.seq ?? null
}

/** How often a backup is read again when the registry changed while it was read. */
const ATTEMPTS = 3

/** The tables without a rowid, read in the order of their primary key instead. */
export const KEYED: Record<string, string[]> = {
  ca_revocations: ['issuer_id', 'serial'],
  issuer_key_notices: ['key_id', 'threshold'],
  agency_names: ['agency_id', 'until'],
}

/** Where the previous part ended: a rowid, or the last primary key of a keyed table. */
type Position = { rowid: number } | { key: (string | number | null)[] } | null

/** One part of a table after `after`, in a stable order that seeks rather than skips. */
async function part(db: D1Database, table: string, after: Position) {
  const keys = KEYED[table]
  if (keys) {
    const at = (after as { key: (string | number | null)[] } | null)?.key
    const tuple = `(${keys.join(', ')})`
    const marks = `(${keys.map((_, i) => `?${i + 2}`).join(', ')})`
    const { results } = await db
      .prepare(
        `SELECT * FROM ${table} WHERE ?1 IS NULL OR ${tuple} > ${marks} ORDER BY ${keys.join(', ')} LIMIT ?${keys.length + 2}`
      )
      .bind(at ? 1 : null, ...(at ?? keys.map(() => null)), PART_ROWS)
      .all<Record<string, unknown>>()
    const last = results[results.length - 1]
    return {
      rows: results,
      next: last ? { key: keys.map((k) => last[k] as string | number | null) } : null,
    }
  }
  const { results } = await db
    .prepare(`SELECT rowid AS _rowid_, * FROM ${table} WHERE rowid > ?1 ORDER BY rowid LIMIT ?2`)
    .bind((after as { rowid: number } | null)?.rowid ?? 0, PART_ROWS)
    .all<Record<string, unknown>>()
  const last = results[results.length - 1]
  return {
    rows: results.map(({ _rowid_: _, ...row }) => row),
    next: last ? { rowid: Number(last._rowid_) } : null,
  }
}

/** Where a backup starts: its prefix, the session bookmark, and the state it must hold. */
export interface BackupStart {
  at: string
  prefix: string
  bookmark: string | null
  standing: { dataVersion: number; audit: { seq: number; hash: string } | null }
  keyedFrom: number | null
}

/** Where a backup has got to: the table (its index) and part, and the last key read. */
export interface BackupCursor {
  table: number
  n: number
  after: Position
}

type TableEntry = Manifest['tables'][string]

/** Opens a backup: the primary's session (its bookmark) and the state every read must find. */
export async function beginBackup(env: Env, now: Date): Promise<BackupStart> {
  const session = env.DB.withSession('first-primary')
  const db = session as unknown as D1Database
  const before = await standing(db)
  return {
    at: now.toISOString(),
    prefix: `backups/${now.toISOString().slice(0, 10)}/`,
    bookmark: session.getBookmark(),
    standing: before,
    keyedFrom: await keyedFrom(env, db),
  }
}

/**
 * Writes up to `maxParts` parts from `cursor` on, reading through a session at least as fresh as
 * the backup's start (its bookmark). Answers the parts written, per table, and where to go on.
 * A step of the BackupWorkflow: its work and its answer stay within one invocation's limits.
 */
export async function backupParts(
  env: Env,
  start: BackupStart,
  cursor: BackupCursor,
  maxParts: number
): Promise<{
  parts: [table: string, part: TableEntry['parts'][number]][]
  next: BackupCursor | null
}> {
  const db = env.DB.withSession(start.bookmark ?? 'first-primary') as unknown as D1Database
  const written: [string, TableEntry['parts'][number]][] = []
  let at: BackupCursor | null = cursor
  while (at && written.length < maxParts) {
    const table = BACKUP_TABLES[at.table]
    const { rows, next } = await part(db, table, at.after)
    // A table's first part is written even when empty: every table has at least one.
    if (rows.length || at.n === 0) {
      const body = rows.map((row) => JSON.stringify(row)).join('\n')
      const key = `${start.prefix}${table}/${String(at.n).padStart(5, '0')}.ndjson`
      await env.BACKUPS.put(key, body, { httpMetadata: { contentType: 'application/x-ndjson' } })
      written.push([table, { key, rows: rows.length, sha256: await sha256Hex(body) }])
    }
    at =
      rows.length === PART_ROWS
        ? { table: at.table, n: at.n + 1, after: next }
        : at.table + 1 < BACKUP_TABLES.length
          ? { table: at.table + 1, n: 0, after: null }
          : null
  }
  return { parts: written, next: at }
}

/** The first cursor: the first table, its first part. */
export const FIRST: BackupCursor = { table: 0, n: 0, after: null }

/**
 * Closes a backup: when the registry still stands where it stood at the start (data version and
 * audit head), the signed manifest is written (last: a backup without one is incomplete), old
 * backups pruned, the run audited and the audit head anchored. Answers null when the registry
 * changed meanwhile: the backup is read again.
 */
export async function finishBackup(
  env: Env,
  start: BackupStart,
  parts: [string, TableEntry['parts'][number]][]
): Promise<(Manifest & { prefix: string }) | null> {
  const db = env.DB.withSession('first-primary') as unknown as D1Database
  if (JSON.stringify(await standing(db)) !== JSON.stringify(start.standing)) return null
  const tables: Manifest['tables'] = Object.fromEntries(
    BACKUP_TABLES.map((t) => [t, { rows: 0, parts: [] } as TableEntry])
  )
  for (const [table, entry] of parts) {
    tables[table].parts.push(entry)
    tables[table].rows += entry.rows
  }
  const migration = await db
    .prepare('SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1')
    .first<{ name: string }>()
  const manifest: Manifest = {
    createdAt: start.at,
    migration: migration?.name ?? null,
    state: { bookmark: start.bookmark, ...start.standing, keyedFrom: start.keyedFrom },
    tables,
  }
  const { signer } = await auditKeys(env)
  manifest.keyId = signer.id
  manifest.signature = await signText(signer.key, manifestText(manifest))
  const now = new Date(start.at)
  const counts = Object.fromEntries(Object.entries(manifest.tables).map(([t, e]) => [t, e.rows]))
  await commitAudited(
    env.DB,
    signer,
    [],
    [
      {
        at: start.at,
        principal: 'cron',
        action: 'backup.run',
        entity: 'backup',
        entityId: start.prefix,
        before: null,
        after: { ...counts, state: manifest.state },
        requestId: `backup-${start.prefix}`,
      },
    ]
  )
  await writeAnchor(env, now)
  await pruneBackups(env.BACKUPS, now)
  // The manifest last: a step that fails before it leaves no signed manifest over parts a retry
  // (which finds the registry moved by its own audit entry, and reads it again) rewrites.
  await env.BACKUPS.put(`${start.prefix}manifest.json`, JSON.stringify(manifest, null, 2), {
    httpMetadata: { contentType: 'application/json' },
  })
  return { ...manifest, prefix: start.prefix }
}

/**
 * The nightly backup in one invocation (tests, a small registry, the local runbook): every table
 * as NDJSON parts in R2 under backups/<date>/, each part with its SHA-256 and row count in the
 * signed manifest, of one state: read again when the data version or audit head moved meanwhile.
 * The BackupWorkflow runs the same steps durably, for a registry of any size.
 */
export async function runBackup(env: Env, now: Date): Promise<Manifest & { prefix: string }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const start = await beginBackup(env, now)
    const parts: [string, TableEntry['parts'][number]][] = []
    for (let cursor: BackupCursor | null = FIRST; cursor;) {
      const done = await backupParts(env, start, cursor, 100)
      parts.push(...done.parts)
      cursor = done.next
    }
    const manifest = await finishBackup(env, start, parts)
    if (manifest) return manifest
  }
  throw new Error(`the registry kept changing during ${ATTEMPTS} backup attempts`)
}

/** Days an export job's file stays in R2 for its download. */
export const EXPORT_KEEP_DAYS = 7

/** Deletes backups older than KEEP_DAYS, and export files older than EXPORT_KEEP_DAYS. */
export async function pruneBackups(bucket: R2Bucket, now: Date) {
  await pruneDated(bucket, 'backups/', now, KEEP_DAYS)
  await pruneDated(bucket, 'exports/', now, EXPORT_KEEP_DAYS)
}

/** Deletes the folders under prefix whose name holds a date (YYYY-MM-DD) older than days. */
async function pruneDated(bucket: R2Bucket, prefix: string, now: Date, days: number) {
  const oldest = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10)
  const dateOf = (folder: string) => /\d{4}-\d{2}-\d{2}/.exec(folder)?.[0] ?? oldest
  const { delimitedPrefixes } = await bucket.list({ prefix, delimiter: '/' })
  for (const dated of delimitedPrefixes.filter((p) => dateOf(p) < oldest)) {
    let cursor: string | undefined
    do {
      const listed = await bucket.list({ prefix: dated, cursor })
      if (listed.objects.length) await bucket.delete(listed.objects.map((o) => o.key))
      cursor = listed.truncated ? listed.cursor : undefined
    } while (cursor)
  }
}
