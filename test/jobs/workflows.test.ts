import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { BACKUP_TABLES, KEYED } from '../../src/jobs/backup'
import { ADMIN, api, expectProblem, fetchWorker } from '../helpers/api'

/**
 * The long jobs as Cloudflare Workflows, run by the real Workflows engine of the test runtime:
 * the backup, a restore into RESTORE_DB, and a whole-registry export, each started through the API
 * and followed through GET /jobs/{id}.
 */
const now = new Date()
beforeAll(async () => {
  await env.DB.batch(
    (await provinceStatements(demoProvince(now), now.toISOString())).map((s) => env.DB.prepare(s))
  )
})

/** Waits for a job to finish through the API, as an operator would. */
async function finished(id: string) {
  for (let i = 0; i < 1200; i++) {
    const job = (await api.get(`/api/v1/jobs/${id}`)).body
    if (['complete', 'errored', 'terminated'].includes(job.status)) return job
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${id} did not finish`)
}

const everything = async (db: D1Database, table: string) =>
  (await db.prepare(`SELECT * FROM ${table} ORDER BY ${KEYED[table]?.join(', ') ?? 'rowid'}`).all())
    .results

describe('the long jobs as Workflows', () => {
  let date: string

  it('backs up in durable steps, and lists the backup', async () => {
    const started = await api.post('/api/v1/backups')
    expect(started.status).toBe(202)
    expect(started.headers.get('location')).toBe(`/api/v1/jobs/${started.body.id}`)
    const job = await finished(started.body.id)
    expect(job, JSON.stringify(job)).toMatchObject({ kind: 'backup', status: 'complete' })
    expect(job.output.rows.certificates).toBeGreaterThan(2000)
    date = job.output.prefix.slice('backups/'.length, -1)
    // One a day: a second run would write the same day's parts.
    expectProblem(await api.post('/api/v1/backups'), 409, 'backup-exists-today')
    const listed = (await api.get('/api/v1/backups')).body.items
    expect(listed[0]).toMatchObject({ date, complete: true, rows: job.output.rows })
  })

  it('restores it into the empty RESTORE_DB in durable steps, verifying counts and the audit chain', async () => {
    const started = await api.post(`/api/v1/backups/${date}/restore`)
    expect(started.status).toBe(202)
    const job = await finished(started.body.id)
    expect(job.output).toMatchObject({ auditChain: 'verified' })
    for (const table of BACKUP_TABLES) {
      const restored = await everything(env.RESTORE_DB, table)
      expect(restored.length, table).toBe(job.output.counts[table])
      expect(restored, table).toEqual(
        (await everything(env.DB, table)).slice(0, job.output.counts[table])
      )
    }
    // Into a database that is no longer empty: refused, and the department is told.
    const again = await api.post(`/api/v1/backups/${date}/restore`)
    const failed = await finished(again.body.id)
    expect(failed.status).toBe('errored')
    const alert = await env.DB.prepare(
      "SELECT detail, told_at FROM alerts WHERE key = 'job:restore'"
    ).first<{ detail: string; told_at: string }>()
    expect(alert?.told_at).toBeTruthy()
    expect(alert?.detail).toMatch(/not empty/)
    expectProblem(await api.post('/api/v1/backups/2001-01-01/restore'), 404, 'backup-not-found')
  })

  it('exports the whole registry as a job, refused as a stream above its limit, and serves the file', async () => {
    const started = await api.post('/api/v1/exports/certificates?kind=personal')
    expect(started.status).toBe(202)
    const job = await finished(started.body.id)
    expect(job, JSON.stringify(job)).toMatchObject({ status: 'complete' })
    const file = await fetchWorker(`http://registry.test/api/v1/jobs/${started.body.id}/file`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/)
    const bytes = new Uint8Array(await file.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // a BOM, so Excel reads UTF-8
    const lines = new TextDecoder().decode(bytes).split('\r\n').filter(Boolean)
    expect(lines[0]).toMatch(/^Họ tên,Số CCCD/)
    const personal = (await env.DB.prepare(
      "SELECT count(*) AS n FROM certificates WHERE kind = 'personal'"
    ).first<{
      n: number
    }>())!.n
    expect(lines.length - 1).toBe(personal)
    expect(job.output.rows).toBe(personal)
  })
})
