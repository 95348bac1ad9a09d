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
type Position = { rowid: number } | { key: unknown[] } | null

/** One part of a table after `after`, in a stable order that seeks rather than skips. */
async function part(db: D1Database, table: string, after: Position) {
  const keys = KEYED[table]
  if (keys) {
    const at = (after as { key: unknown[] } | null)?.key
    const tuple = `(${keys.join(', ')})`
    const marks = `(${keys.map((_, i) => `?${i + 2}`).join(', ')})`
    const { results } = await db
      .prepare(
        `SELECT * FROM ${table} WHERE ?1 IS NULL OR ${tuple} > ${marks} ORDER BY ${keys.join(', ')} LIMIT ?${keys.length + 2}`
      )
      .bind(at ? 1 : null, ...(at ?? keys.map(() => null)), PART_ROWS)
      .all<Record<string, unknown>>()
    const last = results[results.length - 1]
    return { rows: results, next: last ? { key: keys.map((k) => last[k]) } : null }
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

/**
 * The nightly backup: every table as NDJSON parts in R2 under backups/<date>/, each part with its
 * SHA-256 and row count in manifest.json (signed, written last: a backup without a manifest is
 * incomplete), of one consistent state: all of it read in one D1 session, and the data version and
 * audit head unchanged from the first read to the last (else it is read again). Then the audit
 * head is anchored, and backups older than 90 days are deleted.
 */
export async function runBackup(env: Env, now: Date): Promise<Manifest & { prefix: string }> {
  const prefix = `backups/${now.toISOString().slice(0, 10)}/`
  let manifest: Manifest | null = null
  for (let attempt = 1; !manifest; attempt++) {
    const session = env.DB.withSession('first-primary')
    const db = session as unknown as D1Database
    const before = await standing(db)
    const tables: Manifest['tables'] = {}
    for (const table of BACKUP_TABLES) tables[table] = await backupTable(env, db, prefix, table)
    const after = await standing(db)
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      if (attempt >= ATTEMPTS)
        throw new Error(`the registry kept changing during ${ATTEMPTS} backup attempts`)
      continue
    }
    const migration = await db
      .prepare('SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1')
      .first<{ name: string }>()
    manifest = {
      createdAt: now.toISOString(),
      migration: migration?.name ?? null,
      state: { bookmark: session.getBookmark(), ...before, keyedFrom: await keyedFrom(env, db) },
      tables,
    }
  }
  const { signer } = await auditKeys(env)
  manifest.keyId = signer.id
  manifest.signature = await signText(signer.key, manifestText(manifest))
  await env.BACKUPS.put(`${prefix}manifest.json`, JSON.stringify(manifest, null, 2), {
    httpMetadata: { contentType: 'application/json' },
  })
  await pruneBackups(env.BACKUPS, now)
  const counts = Object.fromEntries(Object.entries(manifest.tables).map(([t, e]) => [t, e.rows]))
  await commitAudited(
    env.DB,
    signer,
    [],
    [
      {
        at: now.toISOString(),
        principal: 'cron',
        action: 'backup.run',
        entity: 'backup',
        entityId: prefix,
        before: null,
        after: { ...counts, state: manifest.state },
        requestId: `backup-${prefix}`,
      },
    ]
  )
  await writeAnchor(env, now)
  return { ...manifest, prefix }
}

/** One table into NDJSON parts under the backup's prefix. */
async function backupTable(env: Env, db: D1Database, prefix: string, table: string) {
  const entry: Manifest['tables'][string] = { rows: 0, parts: [] }
  let after: Position = null
  for (let n = 0; ; n++) {
    const { rows: results, next } = await part(db, table, after)
    after = next
    if (!results.length && n > 0) break
    const body = results.map((row) => JSON.stringify(row)).join('\n')
    const key = `${prefix}${table}/${String(n).padStart(5, '0')}.ndjson`
    await env.BACKUPS.put(key, body, { httpMetadata: { contentType: 'application/x-ndjson' } })
    entry.parts.push({ key, rows: results.length, sha256: await sha256Hex(body) })
    entry.rows += results.length
    if (results.length < PART_ROWS) break
  }
  return entry
}

/** Deletes backups older than KEEP_DAYS. */
export async function pruneBackups(bucket: R2Bucket, now: Date) {
  const oldest = new Date(now.getTime() - KEEP_DAYS * 86_400_000).toISOString().slice(0, 10)
  const { delimitedPrefixes } = await bucket.list({ prefix: 'backups/', delimiter: '/' })
  for (const dated of delimitedPrefixes.filter((p) => p.slice('backups/'.length, -1) < oldest)) {
    let cursor: string | undefined
    do {
      const listed = await bucket.list({ prefix: dated, cursor })
      if (listed.objects.length) await bucket.delete(listed.objects.map((o) => o.key))
      cursor = listed.truncated ? listed.cursor : undefined
    } while (cursor)
  }
}
