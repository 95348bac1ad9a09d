import { toEntry } from '../db/audit'
import { firstBrokenLink } from '../domain/audit-chain'
import { sha256Hex } from '../lib/secrets'
import { BACKUP_TABLES, type Manifest } from './backup'

/** Reads and checks a backup's manifest and parts (SHA-256 and row counts), table by table. */
export async function* backupRows(bucket: R2Bucket, prefix: string) {
  const manifestObject = await bucket.get(`${prefix}manifest.json`)
  if (!manifestObject)
    throw new Error(`no manifest at ${prefix}: the backup is missing or incomplete`)
  const manifest = (await manifestObject.json()) as Manifest
  for (const table of BACKUP_TABLES) {
    for (const part of manifest.tables[table]?.parts ?? []) {
      const body = await (await bucket.get(part.key))?.text()
      if (body === undefined) throw new Error(`${part.key} is missing`)
      if ((await sha256Hex(body)) !== part.sha256)
        throw new Error(`${part.key} does not match its SHA-256`)
      const rows = body
        ? body.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
        : []
      if (rows.length !== part.rows)
        throw new Error(`${part.key} has ${rows.length} rows, the manifest says ${part.rows}`)
      yield { table, rows, manifest }
    }
  }
}

/**
 * Restores a backup into an empty, migrated database: every row as it was (foreign keys checked
 * at the end of each batch), then the counts and the audit chain verified. Answers the counts.
 */
export async function restoreBackup(bucket: R2Bucket, prefix: string, db: D1Database) {
  const existing = await db
    .prepare('SELECT (SELECT count(*) FROM agencies) + (SELECT count(*) FROM audit_log) AS n')
    .first<{ n: number }>()
  if (existing!.n > 0) throw new Error('the target database is not empty')
  let manifest: Manifest | null = null
  for await (const part of backupRows(bucket, prefix)) {
    manifest = part.manifest
    const statements = part.rows.map((row) => {
      const columns = Object.keys(row)
      return db
        .prepare(
          `INSERT INTO ${part.table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `?${i + 1}`).join(', ')})`
        )
        .bind(...columns.map((c) => row[c]))
    })
    for (let i = 0; i < statements.length; i += 200)
      await db.batch([
        db.prepare('PRAGMA defer_foreign_keys = on'),
        ...statements.slice(i, i + 200),
      ])
  }
  const counts: Record<string, number> = {}
  for (const table of BACKUP_TABLES) {
    counts[table] = (await db
      .prepare(`SELECT count(*) AS n FROM ${table}`)
      .first<{ n: number }>())!.n
    if (manifest && counts[table] !== manifest.tables[table].rows)
      throw new Error(
        `${table}: ${counts[table]} rows restored, the manifest says ${manifest.tables[table].rows}`
      )
  }
  const { results } = await db.prepare('SELECT * FROM audit_log ORDER BY seq').all<any>()
  const broken = await firstBrokenLink(results.map(toEntry), null)
  if (broken)
    throw new Error(`the restored audit chain breaks at entry ${broken.seq}: ${broken.reason}`)
  return counts
}
