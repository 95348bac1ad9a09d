import { chainHead, chainSlice } from '../db/audit'
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
 * Columns that reference their own table (a renewal's predecessor and successor, an agency's parent
 * and successor), with the columns their CHECK rules tie to them. Rows are restored in backup
 * order, and such a reference may point at a row that comes later (a renewal years after, an
 * agency re-parented under a newer one): pass one writes the neutral value given here, pass two
 * the real one, once every row is in. A test holds this list to the schema's foreign keys.
 */
export const SELF_REFERENCES: Record<string, { key: string; columns: Record<string, string> }> = {
  agencies: {
    key: 'id',
    columns: { parent_id: 'NULL', successor_id: 'NULL', status: "'active'", ended_at: 'NULL' },
  },
  certificates: {
    key: 'id',
    columns: { replaces_id: 'NULL', replacement: 'NULL', replaced_by_id: 'NULL' },
  },
}

/** Rows a statement carries as one JSON parameter (well under D1's limits on a value). */
const ROWS_PER_STATEMENT = 500

/**
 * The statements that insert a part's rows, their self references left empty (pass one): a few
 * hundred rows a statement, each row read from one JSON parameter.
 */
export function insertPart(db: D1Database, table: string, rows: Record<string, unknown>[]) {
  if (!rows.length) return []
  const deferred = SELF_REFERENCES[table]?.columns ?? {}
  const columns = Object.keys(rows[0])
  const values = columns.map((c) => deferred[c] ?? `value ->> '$.${c}'`)
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    statements.push(
      db
        .prepare(
          // A retried step finds some rows already in: they are the same rows, left as they are.
          `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM json_each(?1) WHERE true
           ORDER BY key ON CONFLICT DO NOTHING`
        )
        .bind(JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT)))
    )
  return statements
}

/** The statements that put back a part's self references (pass two), for the rows that have any. */
export function linkPart(db: D1Database, table: string, rows: Record<string, unknown>[]) {
  const self = SELF_REFERENCES[table]
  if (!self) return []
  const columns = Object.keys(self.columns)
  const linked = rows
    .filter((r) => columns.some((c) => (r[c] ?? null) !== null && `'${r[c]}'` !== self.columns[c]))
    .map((r) => [r[self.key], ...columns.map((c) => r[c] ?? null)])
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < linked.length; i += ROWS_PER_STATEMENT)
    statements.push(
      db
        .prepare(
          `UPDATE ${table} SET ${columns.map((c, j) => `${c} = j.value ->> ${j + 1}`).join(', ')}
           FROM json_each(?1) j WHERE ${table}.${self.key} = j.value ->> 0`
        )
        .bind(JSON.stringify(linked.slice(i, i + ROWS_PER_STATEMENT)))
    )
  return statements
}

/** Whether the target holds nothing yet: a restore never mixes with data. */
export async function assertEmpty(db: D1Database) {
  const existing = await db
    .prepare('SELECT (SELECT count(*) FROM agencies) + (SELECT count(*) FROM audit_log) AS n')
    .first<{ n: number }>()
  if (existing!.n > 0) throw new Error('the target database is not empty')
}

/**
 * Restores a backup into an empty, migrated database, in one invocation (locally, and in tests;
 * the RestoreWorkflow does the same in durable steps). The whole backup is checked first (the
 * manifest's signature, every part's hash and count), so a damaged backup writes nothing; then
 * every row (pass one: self references empty), then the self references (pass two), then the
 * counts, the audit chain and its head verified. Answers the counts.
 */
export async function restoreBackup(bucket: R2Bucket, prefix: string, db: D1Database, keys: Keys) {
  const manifest = await readManifest(bucket, prefix, keys)
  for await (const _ of backupRows(bucket, manifest));
  await assertEmpty(db)
  for await (const part of backupRows(bucket, manifest))
    for (const statement of insertPart(db, part.table, part.rows)) await statement.run()
  for await (const part of backupRows(bucket, manifest))
    for (const statement of linkPart(db, part.table, part.rows)) await statement.run()
  return verifyRestore(db, manifest, keys)
}

/** Counts per table, as the manifest says they were. */
export async function verifyCounts(db: D1Database, manifest: Manifest) {
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
  return counts
}

/** Audit entries verified a slice at a time (bounded memory whatever the log's length). */
const AUDIT_SLICE = 5000

/**
 * Verifies the restored audit chain from `fromSeq` for at most `slices` slices: contiguous, each
 * hash keyed with a key the registry holds. Answers where to go on from (null: the end, which
 * must be the head the backup recorded).
 */
export async function verifyAuditFrom(
  db: D1Database,
  manifest: Manifest,
  keys: Keys,
  fromSeq: number,
  slices = Infinity
): Promise<number | null> {
  let from = fromSeq
  for (let n = 0; n < slices; n++) {
    const slice = await chainSlice(db, from, AUDIT_SLICE)
    if (!slice.entries.length) return endsAtHead(db, manifest)
    const broken = await firstBreak(
      slice.entries,
      { seq: from, prevHash: from === 1 ? null : slice.prevHash },
      keys,
      manifest.state.keyedFrom
    )
    if (broken)
      throw new Error(`the restored audit chain breaks at entry ${broken.seq}: ${broken.reason}`)
    from = slice.entries[slice.entries.length - 1].seq + 1
    if (slice.entries.length < AUDIT_SLICE) return endsAtHead(db, manifest)
  }
  return from
}

async function endsAtHead(db: D1Database, manifest: Manifest) {
  const head = await chainHead(db)
  const expected = manifest.state.audit
  if (expected && (head?.seq !== expected.seq || head.hash !== expected.hash))
    throw new Error(
      `the restored audit log does not end where the backup recorded (#${expected.seq})`
    )
  return null
}

/** Counts per table, the audit chain and its head, as the manifest says they were. */
export async function verifyRestore(db: D1Database, manifest: Manifest, keys: Keys) {
  const counts = await verifyCounts(db, manifest)
  const first = await db
    .prepare('SELECT min(seq) AS seq FROM audit_log')
    .first<{ seq: number | null }>()
  if (first?.seq != null) await verifyAuditFrom(db, manifest, keys, first.seq)
  else await endsAtHead(db, manifest)
  return counts
}
