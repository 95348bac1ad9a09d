import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { importBacklog, measureJobs } from '../../scripts/bench/invocations'
import { counting, overLimits } from '../helpers/counting'

/**
 * Every job stays within one invocation's limits (1,000 D1 queries, 1,000 subrequests on Workers
 * Paid) whatever the registry's size: each invocation's work is bounded by its step size, not by
 * the data. Shown here on the demo province with a 12,000-certificate backlog in the scan's
 * window (a bulk import the morning before); `npm run bench:jobs` runs the same measure on the
 * 1,000,000-certificate national registry (scripts/bench/RESULTS-jobs.md).
 */
const now = new Date()
beforeAll(async () => {
  await env.DB.batch(
    (await provinceStatements(demoProvince(now), now.toISOString())).map((s) => env.DB.prepare(s))
  )
})

describe('what one invocation of each job asks', () => {
  it('counts what an invocation asks of D1, R2 and the queue', async () => {
    const { env: counted, tally } = counting(env)
    await counted.DB.prepare('SELECT 1').first()
    await counted.DB.batch([counted.DB.prepare('SELECT 1'), counted.DB.prepare('SELECT 2')])
    await counted.DB.withSession('first-primary').prepare('SELECT ?1').bind(3).all()
    await counted.BACKUPS.put('x', 'y')
    await counted.NOTICES.sendBatch([{ body: { digestId: 'dig_x' } }])
    expect(tally).toEqual({ d1: 3, statements: 4, r2: 1, kv: 0, queue: 1 })
    expect(overLimits({ ...tally, d1: 1001 })).toEqual(['1001 D1 queries', '1003 subrequests'])
  })

  it('keeps every invocation of the scan (after a bulk import), the CRL fetch, the backup, restore and export within the limits', async () => {
    const cleanUp = await importBacklog(env.DB, 12_000, now)
    const figures = await measureJobs(env, now)
    await cleanUp()
    for (const f of figures) expect(f.over, `${f.job}: ${JSON.stringify(f.most)}`).toEqual([])
    const by = Object.fromEntries(figures.map((f) => [f.job.split(' (')[0], f]))
    // The scan wrote the backlog's notices page by page: a few queries a page, not a row.
    expect(Number(/^\d+/.exec(by['expiry scan'].did)![0])).toBeGreaterThanOrEqual(12_000)
    expect(by['expiry scan'].most.d1).toBeLessThan(60)
    expect(by['backup Workflow'].invocations).toBeGreaterThan(2)
    expect(by['restore Workflow'].invocations).toBeGreaterThan(4)
    expect(by['export Workflow'].invocations).toBeGreaterThan(0)
    // A step's work follows its step size: 20 parts, one read and one write each, at most.
    expect(by['backup Workflow'].most.d1).toBeLessThanOrEqual(20 + 10)
    expect(by['backup Workflow'].most.r2).toBeLessThanOrEqual(20 + 5)
  })
})
