// Every scheduled or background job, invocation by invocation, with what each invocation asks of
// D1, R2, KV and the queue counted (test/helpers/counting.ts): the same step functions, with the
// same step sizes, as the cron handlers and the Workflows run. The job tests run it on the test
// registry and the bench (./jobs.ts) on the national one; both assert every invocation stays
// within one invocation's limits.
import { runCrlFetch } from '../../src/jobs/crl-fetch'
import { runExpiryScan } from '../../src/jobs/expiry-scan'
import {
  backupParts,
  beginBackup,
  FIRST,
  finishBackup,
  type BackupCursor,
} from '../../src/jobs/backup'
import { assertEmpty, readManifest, verifyAuditFrom, verifyCounts } from '../../src/jobs/restore'
import { auditKeys } from '../../src/lib/audit-keys'
import { PARTS_PER_STEP } from '../../src/workflows/backup'
import { exportPart } from '../../src/workflows/export'
import {
  AUDIT_SLICES_PER_STEP,
  linkParts,
  loadParts,
  restoreTarget,
  selfReferencing,
  slices,
} from '../../src/workflows/restore'
import { counting, overLimits, subrequests, type Tally } from '../../test/helpers/counting'

export interface JobFigure {
  job: string
  invocations: number
  /** The most any one invocation asked. */
  most: Tally & { subrequests: number }
  /** What the heaviest invocation exceeds (none: []). */
  over: string[]
  ms: number
  /** What the job did, in words. */
  did: string
}

/** Runs `body` as one invocation with a counting env; answers its result and tally. */
async function invocation<T>(env: Env, body: (env: Env) => Promise<T>) {
  const c = counting(env)
  const result = await body(c.env)
  return { result, tally: c.tally }
}

class Job {
  private most: Tally = { d1: 0, statements: 0, r2: 0, kv: 0, queue: 0 }
  private count = 0
  private started = performance.now()
  did = ''
  constructor(
    readonly name: string,
    private env: Env
  ) {}
  async run<T>(body: (env: Env) => Promise<T>): Promise<T> {
    const { result, tally } = await invocation(this.env, body)
    this.count++
    if (subrequests(tally) >= subrequests(this.most)) this.most = tally
    return result
  }
  figure(): JobFigure {
    return {
      job: this.name,
      invocations: this.count,
      most: { ...this.most, subrequests: subrequests(this.most) },
      over: overLimits(this.most),
      ms: Math.round(performance.now() - this.started),
      did: this.did,
    }
  }
}

/**
 * Certificates "imported" into the scan's window: `n` copies of existing certificates, expiring
 * 5 to 55 days after `now`, as a bulk import the morning before would leave them. Answers the
 * function that takes them away again.
 */
export async function importBacklog(db: D1Database, n: number, now: Date) {
  const cleanUp = () =>
    db.batch([
      db.prepare("DELETE FROM notices WHERE certificate_id LIKE 'crt_L%'"),
      db.prepare("DELETE FROM certificates WHERE id LIKE 'crt_L%'"),
    ])
  await cleanUp() // what an interrupted run left
  const copies = Math.ceil(n / Math.max(1, (await count(db, 'certificates')) || 1))
  const day = 86_400_000
  await db
    .prepare(
      `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ?2 - 1)
       INSERT INTO certificates (id, kind, serial, issuer, subject, holder_id, agency_id, not_before, not_after,
         name_key, subject_key, search_text, version, created_at, updated_at)
       SELECT 'crt_L' || k.i || '_' || c.rowid, c.kind, 'BB' || k.i || printf('%012X', c.rowid), c.issuer, c.subject,
         c.holder_id, c.agency_id,
         strftime('%Y-%m-%dT%H:%M:%fZ', ?3 / 1000.0 + (5 + (c.rowid + k.i) % 50) * ?4 / 1000.0, 'unixepoch', '-3 years'),
         strftime('%Y-%m-%dT%H:%M:%fZ', ?3 / 1000.0 + (5 + (c.rowid + k.i) % 50) * ?4 / 1000.0, 'unixepoch'),
         c.name_key, c.subject_key, c.search_text, 1, ?5, ?5
       FROM certificates c, k WHERE c.id NOT LIKE 'crt_L%' AND c.holder_id IS NOT NULL LIMIT ?1`
    )
    .bind(n, copies, now.getTime(), day, now.toISOString())
    .run()
  return cleanUp
}

const count = async (db: D1Database, table: string) =>
  (await db.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n

/**
 * The jobs, invocation by invocation: the morning scan (with whatever backlog the registry
 * holds), the hourly CRL fetch, the backup Workflow's steps, the restore Workflow's steps into
 * RESTORE_DB (which must be empty and migrated), and the export Workflow's steps.
 */
export async function measureJobs(env: Env, now: Date): Promise<JobFigure[]> {
  const figures: JobFigure[] = []

  const scan = new Job('expiry scan (cron, one invocation)', env)
  const scanned = await scan.run((e) => runExpiryScan(e, now))
  scan.did = `${scanned.scanned} certificates in the window, ${scanned.notices + scanned.superseded} notices written, ${scanned.queued} digests queued`
  figures.push(scan.figure())

  const fetch = new Job('CRL fetch (cron, one invocation)', env)
  const fetched = await fetch.run((e) => runCrlFetch(e, now))
  fetch.did = `${fetched.issuers} issuers fetched`
  figures.push(fetch.figure())

  const backup = new Job(`backup Workflow (a step: ${PARTS_PER_STEP} parts)`, env)
  const start = await backup.run((e) => beginBackup(e, now))
  const parts: Awaited<ReturnType<typeof backupParts>>['parts'] = []
  for (let cursor: BackupCursor | null = FIRST; cursor;) {
    const from: BackupCursor = cursor
    const done = await backup.run((e) => backupParts(e, start, from, PARTS_PER_STEP))
    parts.push(...done.parts)
    cursor = done.next
  }
  const manifest = await backup.run((e) => finishBackup(e, start, parts))
  if (!manifest) throw new Error('the registry changed during the measured backup')
  backup.did = `${Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0)} rows in ${parts.length} parts`
  figures.push(backup.figure())

  const restore = new Job('restore Workflow (a step: 10 parts)', env)
  const { keys } = await auditKeys(env)
  const read = await restore.run((e) => readManifest(e.BACKUPS, manifest.prefix, keys))
  await restore.run((e) => assertEmpty(restoreTarget(e)))
  for (const group of slices(read)) await restore.run((e) => loadParts(e, read, group))
  for (const group of slices(read)) {
    const own = selfReferencing(manifest.prefix, group)
    if (own.length) await restore.run((e) => linkParts(e, read, own))
  }
  const counts = await restore.run((e) => verifyCounts(restoreTarget(e), read))
  restore.did = `${Object.values(counts).reduce((n, c) => n + c, 0)} rows restored and verified, the audit chain included`
  for (let from: number | null = 1; from !== null;) {
    const at: number = from
    from = await restore.run((e) =>
      verifyAuditFrom(restoreTarget(e), read, keys, at, AUDIT_SLICES_PER_STEP)
    )
  }
  figures.push(restore.figure())

  const exported = new Job('export Workflow (a step: 20 pages of 1,000)', env)
  const query = { sort: 'notAfter' as const, days: 30 }
  const params = { query, reader: { admin: true, scope: undefined }, at: now.toISOString() }
  let cursor: string | null | undefined
  let rows = 0
  for (let n = 0; n === 0 || cursor; n++) {
    const from = cursor ?? undefined
    const key = `exports/export-measure/${String(n).padStart(5, '0')}.csv`
    const part = await exported.run((e) => exportPart(e, key, n === 0, params, from))
    rows += part.rows
    cursor = part.cursor
  }
  exported.did = `${rows} certificates as CSV`
  figures.push(exported.figure())
  return figures
}
