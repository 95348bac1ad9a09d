// npm run bench:jobs: every job at the national size, invocation by invocation.
//
//   npm run bench:jobs                          1,000,000 certificates, a 100,000-certificate backlog
//   npm run bench:jobs -- --size 50000 --backlog 10000
//
// On the national registry of ./national.ts (seeded once by ./seed.ts) with a bulk import of
// `backlog` certificates due within the reminder window: the morning scan, the CRL fetch, the
// backup Workflow's steps (the whole registry to local R2), the restore Workflow's steps (that
// backup into an empty D1, counts, hashes and the audit chain verified) and the export
// Workflow's steps, each invocation's D1 queries and subrequests counted
// (./invocations.ts). Fails when any invocation exceeds one invocation's limits. Results go to
// scripts/bench/RESULTS-jobs.md.
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Agent, fetch } from 'undici'
import type { JobFigure } from './invocations'
import { HISTORY, lifecycleStatements, scaled } from './national'
import { benchData, seedNational } from './seed'
import { bundle, server } from './server'

const root = process.cwd()
const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '1000000' },
    backlog: { type: 'string', default: '100000' },
  },
})
const size = Number(args.size)
const backlog = Number(args.backlog)
const data = benchData(root)
const dir = join(data, String(size))
const scriptPath = await bundle(data)
await seedNational(root, dir, size, scriptPath)

// RESTORE_DB: a new local D1 beside the registry's, its file removed afterwards.
const d1Files = join(dir, 'v3/d1/miniflare-D1DatabaseObject')
const before = new Set(readdirSync(d1Files))
const mf = server(scriptPath, dir, `restore-${Date.now()}`)
const url = (await mf.ready).toString().replace(/\/$/, '')
let figures: JobFigure[]
try {
  // The history a restore must order (renewals years apart, mergers, re-parenting), for a
  // registry seeded before the dataset carried it.
  const db = await mf.getD1Database('DB')
  for (const statement of lifecycleStatements(scaled(size), new Date()))
    await db.prepare(statement).run()
  const schema = await fetch(`${url}/__bench/restore-schema`)
  if (schema.status !== 204) throw new Error(`RESTORE_DB schema: ${await schema.text()}`)
  const started = Date.now()
  // The measure takes minutes at the national size: no client timeout.
  const patient = new Agent({ headersTimeout: 0, bodyTimeout: 0 })
  const res = await fetch(`${url}/__bench/jobs?backlog=${backlog}`, { dispatcher: patient })
  if (!res.ok) throw new Error(`jobs: ${res.status} ${await res.text()}`)
  const answer = JSON.parse(await res.text())
  if (answer.error) throw new Error(`jobs: ${answer.error}`)
  figures = answer as JobFigure[]
  console.log(`measured in ${((Date.now() - started) / 1000).toFixed(0)} s`)
} finally {
  await mf.dispose()
  for (const file of readdirSync(d1Files))
    if (!before.has(file)) rmSync(join(d1Files, file), { force: true })
  rmSync(join(dir, 'v3/r2'), { recursive: true, force: true })
}

/** The figures as a Markdown table. */
export const figuresTable = (figures: JobFigure[]) =>
  [
    '| job | what it did | invocations | most D1 queries in one | its statements | its R2 calls | its queue sends | its subrequests | time (s) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.job} | ${f.did} | ${f.invocations} | ${f.most.d1} | ${f.most.statements} | ${f.most.r2} | ${f.most.queue} | ${f.most.subrequests} | ${(f.ms / 1000).toFixed(1)} |`
    ),
  ].join('\n')

const over = figures.filter((f) => f.over.length)
const report = `# Benchmark results: the jobs, invocation by invocation

Measured ${new Date().toISOString().slice(0, 10)} on this project's machine (${cpus().length} cores,
${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}), Miniflare with real local D1 and R2,
at ${size.toLocaleString('en')} certificates with a bulk import of ${backlog.toLocaleString('en')} certificates due within
the reminder window the morning before (the first scan after an import), and the history a restore
must put back in order: ${HISTORY.renewals.toLocaleString('en')} renewals years apart (each pointing at a row half the table
away), ${HISTORY.mergers} agencies merged into agencies made after them, ${HISTORY.reparented} moved under agencies made after them. Each job runs the same step
functions with the same step sizes as its cron handler or Workflow; every invocation's calls to D1
(a batch is one query), R2, KV and the queue are counted, and the heaviest invocation of each job is
shown. One invocation may make 1,000 D1 queries and 1,000 subrequests on Workers Paid.

${figuresTable(figures)}

${over.length ? `**Over the limits:** ${over.map((f) => `${f.job} (${f.over.join(', ')})`).join('; ')}` : 'Every invocation of every job is within the limits: the heaviest is shown, and its work follows its step size, not the registry.'}
`
writeFileSync(join(root, 'scripts/bench/RESULTS-jobs.md'), report)
console.log(report)
if (over.length) process.exit(1)
