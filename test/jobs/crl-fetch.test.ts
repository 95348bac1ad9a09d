import { createExecutionContext, env } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import worker from '../../src/index'
import { runCrlFetch } from '../../src/jobs/crl-fetch'
import { api, call, count, expectProblem, snapshot } from '../helpers/api'
import { given } from '../helpers/given'
import { upload } from '../helpers/pki'

/**
 * The scheduled CRL fetch against a real HTTP server on loopback (test/helpers/ca-servers.setup.ts)
 * serving OpenSSL's CRLs, and misbehaving as CAs do: slow, huge, wrong signature, garbage, 404,
 * 500, a redirect to another host.
 */
const server = inject('crlServer')
const route = (path: string, answer: Record<string, unknown> | null) =>
  fetch(`${server}/control`, {
    method: 'POST',
    body: JSON.stringify({ path, route: answer }),
  })
const asked = async () =>
  (await (await fetch(`${server}/requests`)).json()) as { path: string; headers: any }[]

let rsa: string
let holderId: string
const hours = (n: number) => n * 3600_000
let clock = Date.parse('2026-12-01T00:30:00Z')
/** The next scheduled run: an hour later each time. */
const tick = (by = hours(1)) => new Date((clock += by))

const attempts = async () =>
  (await api.get(`/api/v1/crls/fetches?issuerId=${rsa}&limit=200`)).body.items as any[]

beforeAll(async () => {
  const agency = await given.agency({ code: 'SGD', name: 'Sở Giáo dục và Đào tạo' })
  holderId = (await given.holder(agency.id, { fullName: 'Lý Thị Hoa' })).id
  rsa = (await upload('/api/v1/issuers', 'rsa-ca-ca.pem')).body.id
  await upload('/api/v1/issuers', 'ec-ca-ca.pem')
  for (const leaf of ['hold-rsa', 'hold2-rsa', 'binh-rsa'])
    await upload('/api/v1/certificates', `${leaf}.pem`, { form: { kind: 'personal', holderId } })
})
afterEach(() => vi.restoreAllMocks())

describe('the scheduled CRL fetch', () => {
  it('does nothing for an issuer with no distribution point, and learns one from a certificate', async () => {
    const issuer = (await api.get(`/api/v1/issuers/${rsa}`)).body
    // hold-rsa's certificate named http://crl.registry.test/rsa-ca.crl: point it at the loopback CA.
    expect(issuer.crlUrls).toEqual(['http://crl.registry.test/rsa-ca.crl'])
    const set = await api.patch(
      `/api/v1/issuers/${rsa}`,
      { crlUrls: [`${server}/down.crl`, `${server}/rsa-ca.crl`] },
      { 'if-match': `"v${issuer.version}"` }
    )
    expect(set.status, JSON.stringify(set.body)).toBe(200)
    const ec = (await api.get('/api/v1/issuers')).body.items.find((i: any) => i.id !== rsa)
    expect(ec.crlUrls).toEqual([])
  })

  it('fetches a due CRL from the first distribution point that answers, imports it, and records each attempt', async () => {
    await route('/down.crl', { status: 503 })
    await route('/rsa-ca.crl', { file: 'rsa-ca-10.crl', etag: '"crl-10"' })
    const result = await runCrlFetch(env, tick())
    expect(result).toMatchObject({ issuers: 1, ok: 1, failed: 1 })
    const log = await attempts()
    expect(log.map((a) => [a.url.replace(server, ''), a.outcome])).toEqual([
      ['/rsa-ca.crl', 'ok'],
      ['/down.crl', 'failed'],
    ])
    expect(log[1].detail).toBe('HTTP 503')
    expect(log[0].crlId).toMatch(/^crl_/)
    const held = await api.get(`/api/v1/certificates?status=on_hold&limit=10`)
    expect(held.body.items).toHaveLength(2)
    const crl = (await api.get(`/api/v1/crls?issuerId=${rsa}`)).body.items[0]
    expect(crl).toMatchObject({ source: 'fetch', importedBy: 'cron', number: '0A' })
  })

  it('asks again only when due, conditionally (ETag), and records "not modified"', async () => {
    // Its nextUpdate is years away and it was fetched an hour ago: not due.
    expect(await runCrlFetch(env, tick())).toMatchObject({ issuers: 0 })
    await asked()
    // A day later it is due again; the CA answers 304 to the ETag it gave.
    await route('/down.crl', null)
    await api.patch(
      `/api/v1/issuers/${rsa}`,
      { crlUrls: [`${server}/rsa-ca.crl`] },
      { 'if-match': `"v${(await api.get(`/api/v1/issuers/${rsa}`)).body.version}"` }
    )
    const before = await count('crls')
    expect(await runCrlFetch(env, tick(hours(24)))).toMatchObject({ notModified: 1 })
    const [request] = await asked()
    expect(request.headers['if-none-match']).toBe('"crl-10"')
    expect(await count('crls')).toBe(before)
    expect((await attempts())[0]).toMatchObject({ outcome: 'not-modified', detail: 'HTTP 304' })
  })

  it('imports the next CRL (a delta) when the CA publishes it', async () => {
    await route('/rsa-ca.crl', { file: 'rsa-ca-11-delta.crl', etag: '"crl-11"' })
    expect(await runCrlFetch(env, tick(hours(24)))).toMatchObject({ ok: 1 })
    expect((await api.get('/api/v1/certificates?status=on_hold&limit=10')).body.items).toHaveLength(
      0
    )
  })

  it.each([
    ['slow', { file: 'rsa-ca-12-pss.crl', delayMs: 4000 }, /no answer within 1\.5 s/],
    ['huge', { hugeMiB: 21 }, /larger than 20 MiB/],
    ['wrong signature', { file: 'impostor.crl' }, /crl-signature-invalid/],
    ['garbage', { garbage: true }, /not-a-crl/],
    ['gone', { status: 404 }, /HTTP 404/],
    ['broken', { status: 500 }, /HTTP 500/],
    [
      'redirected elsewhere',
      { location: 'http://crl.elsewhere.test/rsa-ca.crl' },
      /redirect off the issuer's host: crl\.elsewhere\.test/,
    ],
  ])(
    'records a %s answer as a failed attempt and writes nothing: the last good CRL stands',
    async (_, answer, why) => {
      await route('/rsa-ca.crl', answer)
      const before = await snapshot()
      const result = await runCrlFetch(env, tick(hours(24)))
      expect(result).toMatchObject({ failed: 1, ok: 0 })
      expect((await attempts())[0].detail).toMatch(why)
      const after = await snapshot()
      // Only the attempt and the failure count moved.
      expect(after.crls).toEqual(before.crls)
      expect(after.ca_revocations).toEqual(before.ca_revocations)
      expect(after.certificates).toEqual(before.certificates)
      expect(after.audit_log).toEqual(before.audit_log)
    },
    15_000
  )

  it('follows a redirect on the issuer’s own host', async () => {
    await route('/moved.crl', { file: 'rsa-ca-12-pss.crl' })
    await route('/rsa-ca.crl', { location: '/moved.crl', status: 301 })
    expect(await runCrlFetch(env, tick(hours(24)))).toMatchObject({ ok: 1 })
    expect((await attempts())[0].detail).toMatch(/^CRL 0C/)
  })

  it('tells the department once when fetches keep failing or the CRL goes stale, and says so in /health', async () => {
    const sent: string[] = []
    vi.spyOn(env.EMAIL, 'send').mockImplementation(async (message: any) => {
      sent.push(String(message.to))
      return { messageId: 'x' } as any
    })
    await route('/rsa-ca.crl', { status: 500 })
    for (let i = 0; i < 4; i++) await runCrlFetch(env, tick(hours(24)))
    expect(sent).toEqual(['cntt@skhcn.example.gov.vn']) // once, however many runs
    const health = await (
      await worker.fetch!(new Request('http://x/health') as any, env, createExecutionContext())
    ).json<any>()
    expect(health.status).toBe('degraded')
    expect(health.alerts).toMatchObject([{ key: `crl:${rsa}` }])
    expect(health.alerts[0].subject).toContain('không tải được')
    // The CA answers again: the incident closes, and a new failure is a new incident.
    await route('/rsa-ca.crl', { file: 'rsa-ca-15-indirect.crl' })
    expect(await runCrlFetch(env, tick(hours(24)))).toMatchObject({ ok: 1 })
    expect(await count('alerts', 'closed_at IS NULL')).toBe(0)
  })

  it('lets the department fetch now, from the console’s button or the API', async () => {
    await route('/rsa-ca.crl', { file: 'rsa-ca-15-indirect.crl' })
    const now = await api.post(`/api/v1/issuers/${rsa}/fetch-crl`)
    expect(now.status).toBe(200)
    expect(now.body.attempts).toMatchObject([{ outcome: 'not-modified' }])
    const ec = (await api.get('/api/v1/issuers')).body.items.find((i: any) => i.id !== rsa)
    expectProblem(
      await api.post(`/api/v1/issuers/${ec.id}/fetch-crl`),
      409,
      'issuer-without-crl-urls'
    )
    expectProblem(await call('POST', `/api/v1/issuers/${rsa}/fetch-crl`, undefined, {}, null), 401)
  })

  it('runs from the hourly cron trigger', async () => {
    await (worker.scheduled as any)(
      { cron: '30 * * * *', scheduledTime: tick(hours(24)).getTime(), noRetry() {} },
      env,
      createExecutionContext()
    )
    expect((await attempts())[0].at).toBe(new Date(clock).toISOString())
  })
})
