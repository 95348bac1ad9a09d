import { toEntry } from '../db/audit'
import { firstBreak } from '../domain/audit-chain'
import { signText } from '../lib/audit-keys'
import { sha256Hex } from '../lib/secrets'
import { BACKUP_TABLES, manifestText, type Manifest } from './backup'

/** The audit keys a restore checks with (AUDIT_KEY and AUDIT_KEYS_PREVIOUS, by id). */
export type Keys = ReadonlyMap<string, CryptoKey>

/** A backup's manifest, refused unless signed with an audit key this registry holds. */
export async function readManifest(bucket: R2Bucket, prefix: string, keys: Keys) {
  const manifestObject = await bucket.get(`${prefix}manifest.json`)
  if (!manifestObject)
    throw new Error(`no manifest at ${prefix}: the backup is missing or incomplete`)
  const manifest = (await manifestObject.json()) as Manifest
  const key = manifest.keyId ? keys.get(manifest.keyId) : undefined
  if (!key || manifest.signature !== (await signText(key, manifestText(manifest))))
    throw new Error(`the manifest of ${prefix} is not signed with an audit key of this registry`)
  return manifest
}

/**
 * The rows of a backup, part by part, each part checked against the signed manifest (SHA-256 and
 * row count): a manifest rewritten to match tampered parts fails its signature.
 */
export async function* backupRows(bucket: R2Bucket, manifest: Manifest) {
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
      yield { table, rows }
    }
  }
}

/**
 * Restores a backup into an empty, migrated database. The whole backup is checked first (the
 * manifest's signature, every part's hash and count), so a damaged backup writes nothing; then
 * every row as it was (foreign keys checked at the end of each batch), then the counts, the audit
 * chain and its head verified. Answers the counts.
 */
export async function restoreBackup(bucket: R2Bucket, prefix: string, db: D1Database, keys: Keys) {
  const manifest = await readManifest(bucket, prefix, keys)
  for await (const _ of backupRows(bucket, manifest));
  const existing = await db
    .prepare('SELECT (SELECT count(*) FROM agencies) + (SELECT count(*) FROM audit_log) AS n')
    .first<{ n: number }>()
  if (existing!.n > 0) throw new Error('the target database is not empty')
  for await (const part of backupRows(bucket, manifest)) {
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
    if (counts[table] !== manifest.tables[table].rows)
      throw new Error(
        `${table}: ${counts[table]} rows restored, the manifest says ${manifest.tables[table].rows}`
      )
  }
  const { results } = await db.prepare('SELECT * FROM audit_log ORDER BY seq').all<any>()
  const entries = results.map(toEntry)
  const broken = await firstBreak(
    entries,
    { seq: entries[0]?.seq ?? 1, prevHash: null },
    keys,
    manifest.state.keyedFrom
  )
  if (broken)
    throw new Error(`the restored audit chain breaks at entry ${broken.seq}: ${broken.reason}`)
  const head = entries[entries.length - 1]
  const expected = manifest.state.audit
  if (expected && (head?.seq !== expected.seq || head.hash !== expected.hash))
    throw new Error(
      `the restored audit log does not end where the backup recorded (#${expected.seq})`
    )
  return counts
}
