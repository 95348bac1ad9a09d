import { commitAudited } from '../db/audit'
import { sha256Hex } from '../lib/secrets'

/**
 * The tables a backup holds, parents before children. Not kept: console sessions and the
 * idempotency replay cache (short-lived by nature), the search indexes (their triggers rebuild
 * them as rows come back), and the migrations table (the manifest names the latest).
 */
export const BACKUP_TABLES = [
  'agencies',
  'holders',
  'devices',
  'device_assignments',
  'certificates',
  'issuers',
  'crls',
  'crl_entries',
  'digests',
  'notices',
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
  tables: Record<string, { rows: number; parts: { key: string; rows: number; sha256: string }[] }>
}

type Position = { rowid: number } | { crlId: string; serial: string } | null

/**
 * One part of a table after `after`, in a stable order that seeks rather than skips: rowid order,
 * or the key for crl_entries (a WITHOUT ROWID table).
 */
async function part(db: D1Database, table: string, after: Position) {
  if (table === 'crl_entries') {
    const at = after as { crlId: string; serial: string } | null
    const { results } = await db
      .prepare(
        'SELECT * FROM crl_entries WHERE ?1 IS NULL OR (crl_id, serial) > (?1, ?2) ORDER BY crl_id, serial LIMIT ?3'
      )
      .bind(at?.crlId ?? null, at?.serial ?? null, PART_ROWS)
      .all<Record<string, unknown>>()
    const last = results[results.length - 1]
    return {
      rows: results,
      next: last ? { crlId: String(last.crl_id), serial: String(last.serial) } : null,
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

/**
 * The nightly backup: every table as NDJSON parts in R2 under backups/<date>/, each part with its
 * SHA-256 and row count in manifest.json (written last: a backup without a manifest is incomplete).
 * Then backups older than 90 days are deleted.
 */
export async function runBackup(env: Env, now: Date): Promise<Manifest & { prefix: string }> {
  const prefix = `backups/${now.toISOString().slice(0, 10)}/`
  const manifest: Manifest = { createdAt: now.toISOString(), migration: null, tables: {} }
  manifest.migration =
    (
      await env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1').first<{
        name: string
      }>()
    )?.name ?? null
  for (const table of BACKUP_TABLES) {
    const entry: Manifest['tables'][string] = { rows: 0, parts: [] }
    let after: Position = null
    for (let n = 0; ; n++) {
      const { rows: results, next } = await part(env.DB, table, after)
      after = next
      if (!results.length && n > 0) break
      const body = results.map((row) => JSON.stringify(row)).join('\n')
      const key = `${prefix}${table}/${String(n).padStart(5, '0')}.ndjson`
      await env.BACKUPS.put(key, body, { httpMetadata: { contentType: 'application/x-ndjson' } })
      entry.parts.push({ key, rows: results.length, sha256: await sha256Hex(body) })
      entry.rows += results.length
      if (results.length < PART_ROWS) break
    }
    manifest.tables[table] = entry
  }
  await env.BACKUPS.put(`${prefix}manifest.json`, JSON.stringify(manifest, null, 2), {
    httpMetadata: { contentType: 'application/json' },
  })
  await pruneBackups(env.BACKUPS, now)
  const counts = Object.fromEntries(Object.entries(manifest.tables).map(([t, e]) => [t, e.rows]))
  await commitAudited(
    env.DB,
    [],
    [
      {
        at: now.toISOString(),
        principal: 'cron',
        action: 'backup.run',
        entity: 'backup',
        entityId: prefix,
        before: null,
        after: counts,
        requestId: `backup-${prefix}`,
      },
    ]
  )
  return { ...manifest, prefix }
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
