// npm run restore -- <YYYY-MM-DD> --local [--from <state dir>] [--to <state dir>]
// npm run restore -- <YYYY-MM-DD> --remote --env production
//
// Puts a nightly backup (R2: backups/<date>/) back into an EMPTY database whose migrations are
// applied, checking every part's SHA-256 and row count, then the table counts and the audit
// chain. Locally it runs the Worker's own restore (src/jobs/restore.ts) in Miniflare; remotely
// it reads the parts with wrangler, checks them the same way, and loads them with
// `wrangler d1 execute --remote --file`. For mistakes of the last 30 days, D1 Time Travel is
// quicker: `npx wrangler d1 time-travel restore DB --env production --timestamp <ISO time>`.
import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Miniflare } from 'miniflare'
import { toEntry } from '../src/db/audit'
import { firstBreak } from '../src/domain/audit-chain'
import { auditKeys } from '../src/lib/audit-keys'
import { backupRows, readManifest } from '../src/jobs/restore'
import { BACKUP_TABLES } from '../src/jobs/backup'
import { migrateLocal } from './local-db'
import { wrangler } from './wrangler'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    from: { type: 'string' },
    to: { type: 'string' },
    env: { type: 'string' },
  },
})
const date = positionals[0]
if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? '') || values.local === values.remote) {
  console.error(
    'usage: npm run restore -- <YYYY-MM-DD> (--local [--from DIR] [--to DIR] | --remote --env production)'
  )
  process.exit(2)
}
const root = process.cwd()
/**
 * The audit keys a restore checks the backup with: AUDIT_KEY (and AUDIT_KEYS_PREVIOUS) from the
 * environment, as the operator holds them (the Worker's secrets cannot be read back), or locally
 * from .dev.vars.
 */
const devVar = (name: string) => {
  try {
    return new RegExp(`^${name}=["']?([^"'\n]+)`, 'm').exec(readFileSync('.dev.vars', 'utf8'))?.[1]
  } catch {
    return undefined
  }
}
const secrets = {
  AUDIT_KEY: process.env.AUDIT_KEY ?? (values.local ? devVar('AUDIT_KEY') : undefined) ?? '',
  AUDIT_KEYS_PREVIOUS: process.env.AUDIT_KEYS_PREVIOUS ?? devVar('AUDIT_KEYS_PREVIOUS'),
}
if (!secrets.AUDIT_KEY) {
  console.error("set AUDIT_KEY (the Worker's audit key) to check the backup's signature and chain")
  process.exit(2)
}
const prefix = `backups/${date}/`
const bucket = values.env === 'staging' ? 'cert-registry-staging-backups' : 'cert-registry-backups'

if (values.local) {
  const from = values.from ?? join(root, '.wrangler/state')
  const to = values.to ?? join(root, '.wrangler/restored')
  migrateLocal(root, to)
  // Inside the project: workerd will not load a module from outside the directory it starts in.
  mkdirSync(join(root, '.wrangler'), { recursive: true })
  const dir = mkdtempSync(join(root, '.wrangler', 'restore-'))
  await build({
    entryPoints: [join(root, 'scripts/restore-worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['browser', 'module', 'main'],
    outfile: join(dir, 'worker.js'),
    logLevel: 'error',
  })
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, 'worker.js'),
    compatibilityDate: '2026-04-20',
    r2Buckets: { BACKUPS: 'cert-registry-backups' },
    r2Persist: join(from, 'v3/r2'),
    d1Databases: { DB: '00000000-0000-0000-0000-000000000000' },
    d1Persist: join(to, 'v3/d1'),
    bindings: {
      AUDIT_KEY: secrets.AUDIT_KEY,
      AUDIT_KEYS_PREVIOUS: secrets.AUDIT_KEYS_PREVIOUS ?? '',
    },
  })
  const res = await mf.dispatchFetch(`http://restore/?prefix=${encodeURIComponent(prefix)}`)
  const answer = (await res.json()) as { counts?: Record<string, number>; error?: string }
  await mf.dispose()
  rmSync(dir, { recursive: true, force: true })
  if (!answer.counts) throw new Error(`restore failed: ${answer.error}`)
  console.log(
    JSON.stringify({ restored: prefix, into: to, counts: answer.counts, auditChain: 'verified' })
  )
} else {
  if (!values.env) throw new Error('--remote needs --env staging|production')
  const dir = mkdtempSync(join(tmpdir(), 'restore-'))
  // R2 read through wrangler, so the same checks (backupRows) apply to the remote parts.
  const remote = {
    async get(key: string) {
      const file = join(dir, key.replace(/\//g, '_'))
      try {
        wrangler(root, ['r2', 'object', 'get', `${bucket}/${key}`, '--remote', '--file', file])
      } catch {
        return null
      }
      const text = readFileSync(file, 'utf8')
      return { text: async () => text, json: async () => JSON.parse(text) }
    },
  } as unknown as R2Bucket
  const q = (v: unknown) =>
    v === null || v === undefined
      ? 'NULL'
      : typeof v === 'number'
        ? String(v)
        : `'${String(v).replace(/'/g, "''")}'`
  const sql = ['PRAGMA defer_foreign_keys = on;']
  const { keys } = await auditKeys(secrets)
  const manifest = await readManifest(remote, prefix, keys)
  const expected = Object.fromEntries(Object.entries(manifest.tables).map(([t, e]) => [t, e.rows]))
  for await (const part of backupRows(remote, manifest)) {
    for (const row of part.rows)
      sql.push(
        `INSERT INTO ${part.table} (${Object.keys(row).join(', ')}) VALUES (${Object.values(row).map(q).join(', ')});`
      )
  }
  /** The rows a SQL query answers on the remote database. */
  const remoteQuery = (command: string) =>
    JSON.parse(
      wrangler(root, [
        'd1',
        'execute',
        'DB',
        '--remote',
        '--env',
        values.env!,
        '--json',
        '--command',
        command,
      ])
    )[0].results
  const file = join(dir, 'restore.sql')
  writeFileSync(file, sql.join('\n'))
  wrangler(root, ['d1', 'migrations', 'apply', 'DB', '--remote', '--env', values.env], { CI: '1' })
  const used = remoteQuery(
    'SELECT (SELECT count(*) FROM agencies) + (SELECT count(*) FROM audit_log) AS n'
  )[0].n
  if (used > 0)
    throw new Error(
      'the target database is not empty: restore into a new one (wrangler d1 create), then point the Worker at it'
    )
  wrangler(root, ['d1', 'execute', 'DB', '--remote', '--env', values.env, '--file', file])
  const counted = remoteQuery(
    BACKUP_TABLES.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${t}`).join(' UNION ALL ')
  ) as { t: string; n: number }[]
  for (const { t, n } of counted)
    if (n !== expected[t])
      throw new Error(`${t}: ${n} rows restored, the manifest says ${expected[t]}`)
  const audit = (remoteQuery('SELECT * FROM audit_log ORDER BY seq') as any[]).map(toEntry)
  const broken = await firstBreak(
    audit,
    { seq: audit[0]?.seq ?? 1, prevHash: null },
    keys,
    manifest.state.keyedFrom
  )
  if (broken)
    throw new Error(`the restored audit chain breaks at entry ${broken.seq}: ${broken.reason}`)
  rmSync(dir, { recursive: true, force: true })
  console.log(
    JSON.stringify({
      restored: prefix,
      env: values.env,
      counts: Object.fromEntries(counted.map((c) => [c.t, c.n])),
      auditChain: 'verified',
    })
  )
}
