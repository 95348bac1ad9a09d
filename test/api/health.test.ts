import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

describe('health', () => {
  it('answers ok with the database reachable', async () => {
    const res = await SELF.fetch('http://x/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      migration: env.TEST_MIGRATIONS.at(-1)!.name,
      lastExpiryScan: null,
    })
  })

  it('says degraded when the morning scan has not run for more than a day', async () => {
    const { runExpiryScan } = await import('../../src/jobs/expiry-scan')
    await runExpiryScan(env, new Date(Date.now() - 30 * 3600_000))
    expect(await (await SELF.fetch('http://x/health')).json()).toMatchObject({ status: 'degraded' })
    await runExpiryScan(env, new Date())
    expect(await (await SELF.fetch('http://x/health')).json()).toMatchObject({ status: 'ok' })
  })
})
