import { createExecutionContext, env, SELF } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import * as email from '../../src/notify/email'

const health = async () => {
  const res = await SELF.fetch('http://x/health')
  return { status: res.status, body: (await res.json()) as any }
}
afterEach(() => vi.restoreAllMocks())

describe('health', () => {
  it('answers ok with the database reachable', async () => {
    const { status, body } = await health()
    expect(status).toBe(200)
    expect(body).toMatchObject({
      status: 'ok',
      reasons: [],
      database: 'ok',
      migration: env.TEST_MIGRATIONS.at(-1)!.name,
      lastExpiryScan: null,
    })
  })

  it('answers 503 degraded, saying why, when the morning scan has not run for more than a day', async () => {
    const { runExpiryScan } = await import('../../src/jobs/expiry-scan')
    await runExpiryScan(env, new Date(Date.now() - 30 * 3600_000))
    const late = await health()
    expect(late.status).toBe(503)
    expect(late.body).toMatchObject({ status: 'degraded', reasons: [{ code: 'scan-late' }] })
    await runExpiryScan(env, new Date())
    expect((await health()).status).toBe(200)
  })

  it('answers 503 when digests sit on the queue for hours', async () => {
    await env.DB.prepare(
      "INSERT INTO digests (id, kind, agency_id, run_date, state, created_at) VALUES ('dig_STUCK', 'escalation', NULL, '2020-01-01', 'queued', '2020-01-01T01:00:00.000Z')"
    ).run()
    expect((await health()).body.reasons).toMatchObject([{ code: 'queue-stuck' }])
    await env.DB.prepare("UPDATE digests SET state = 'sent' WHERE id = 'dig_STUCK'").run()
    expect((await health()).status).toBe(200)
  })

  it('tells the department exactly once when a cron job fails, answers 503 meanwhile, and clears when it runs again', async () => {
    const told: string[] = []
    vi.spyOn(email, 'sendDigestEmail').mockImplementation(async (_b, _f, to, subject) => {
      told.push(`${to}: ${subject}`)
      return { accepted: true, detail: 'test' }
    })
    const broken: any = {
      ...env,
      NOTICES: {
        sendBatch: async () => {
          throw new Error('the queue is unavailable')
        },
      },
    }
    const run = (e: Env, at: string) =>
      (worker.scheduled as any)(
        { cron: '0 1 * * *', scheduledTime: Date.parse(at), noRetry() {} },
        e,
        createExecutionContext()
      )
    // A digest to put on the queue, so the scan reaches the queue.
    await env.DB.prepare(
      "INSERT INTO digests (id, kind, agency_id, run_date, state, created_at) VALUES ('dig_NEW', 'escalation', NULL, '2026-11-29', 'new', ?1)"
    )
      .bind(new Date().toISOString())
      .run()
    await expect(run(broken, new Date().toISOString())).rejects.toThrow(/queue is unavailable/)
    await expect(run(broken, new Date().toISOString())).rejects.toThrow(/queue is unavailable/)
    expect(told).toEqual(['cntt@skhcn.example.gov.vn: [Sổ chứng thư số] Lỗi quét hạn buổi sáng'])
    const failing = await health()
    expect(failing.status).toBe(503)
    expect(failing.body.reasons).toContainEqual({
      code: 'alert',
      detail: 'Lỗi quét hạn buổi sáng',
    })
    vi.spyOn(env.NOTICES, 'sendBatch').mockResolvedValue(undefined as any)
    await run(env, new Date().toISOString())
    expect((await health()).status).toBe(200)
  })
})
