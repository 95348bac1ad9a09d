// npm run restore -- <YYYY-MM-DD> --local [--from <state dir>] [--to <state dir>]
// npm run restore -- <YYYY-MM-DD> --remote --env production
//
// Puts a nightly backup (R2: backups/<date>/) back into an EMPTY database whose migrations are
// applied, checking every part's SHA-256 and row count, then the table counts and the audit
// chain. Locally it runs the Worker's own restore (src/jobs/restore.ts) in Miniflare; remotely
// it starts the RestoreWorkflow (the same checks in durable steps, bounded memory) into the empty
// D1 bound as RESTORE_DB, and says how to follow it. For mistakes of the last 30 days, D1 Time
// Travel is quicker: `npx wrangler d1 time-travel restore DB --env production --timestamp <ISO time>`.
import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Miniflare } from 'miniflare'
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
 * The audit keys a local restore checks the backup with: AUDIT_KEY (and AUDIT_KEYS_PREVIOUS) from
 * the environment, or from .dev.vars. Remotely the Worker checks with its own secrets.
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
if (values.local && !secrets.AUDIT_KEY) {
  console.error("set AUDIT_KEY (the Worker's audit key) to check the backup's signature and chain")
  process.exit(2)
}
const prefix = `backups/${date}/`

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
  // Remotely the RestoreWorkflow does the work in durable steps (bounded memory, retried), into
  // the empty D1 bound as RESTORE_DB: this starts it and follows it to the end.
  if (!values.env) throw new Error('--remote needs --env staging|production')
  const workflow = `cert-registry${values.env === 'staging' ? '-staging' : ''}-restore`
  const id = `restore-${date}-${Date.now()}`
  const remote = (args: string[]) => wrangler(root, [...args, '--env', values.env!])
  remote(['workflows', 'trigger', workflow, JSON.stringify({ prefix }), '--id', id])
  console.log(
    JSON.stringify({
      started: id,
      workflow,
      follow: [
        `GET /api/v1/jobs/${id}`,
        `npx wrangler workflows instances describe ${workflow} ${id} --env ${values.env}`,
      ],
    })
  )
}
