import { describe, expect, it } from 'vitest'
import { env } from 'cloudflare:test'
import { ADMIN, api, call, count, fetchWorker } from '../helpers/api'
import { given } from '../helpers/given'
import { newKey } from '../helpers/principals'

const SCRIPT = '<script>alert(1)</script>'
const deep = (n: number): unknown => (n ? { a: deep(n - 1) } : 'x')
const FIELDS = [
  'code',
  'name',
  'kind',
  'parentId',
  'emails',
  'fullName',
  'nationalId',
  'agencyId',
  'holderId',
  'serial',
  'issuer',
  'subject',
  'notBefore',
  'notAfter',
  'reasonCode',
  'note',
  'status',
  'model',
  'apiKey',
  'role',
  'serials',
  'successorId',
  'revokedAt',
  'at',
]
const every = (value: unknown) => Object.fromEntries(FIELDS.map((f) => [f, value]))

/** Bodies nobody should send: wrong types, deep nesting, huge, NUL, SQL, script, NFD, numbers at the edge. */
const BODIES: (string | Uint8Array)[] = [
  'null',
  '[]',
  '"text"',
  '12',
  '{',
  '{"a":',
  JSON.stringify(deep(400)),
  JSON.stringify(every(SCRIPT)),
  JSON.stringify(every("' OR 1=1; DROP TABLE certificates; --")),
  JSON.stringify(every('\u0000')),
  JSON.stringify(every('Nguyễn Văn An'.normalize('NFD'))),
  JSON.stringify(every(1e308)),
  JSON.stringify(every(-1)),
  JSON.stringify(every(null)),
  JSON.stringify(every([])),
  JSON.stringify(every({})),
  JSON.stringify({ ...every('x'), extra: true }),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // {"a":"<invalid UTF-8>"}
  JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }), // the issue's 10 MB string
]
/** A cheap fingerprint of everything a change would touch: row counts, versions, the audit head. */
const fingerprint = async () =>
  JSON.stringify(
    await env.DB.prepare(
      `SELECT ${[
        'agencies',
        'holders',
        'certificates',
        'devices',
        'device_assignments',
        'api_keys',
        'users',
        'issuers',
        'crls',
        'notices',
        'certificate_acks',
      ]
        .map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`)
        .join(', ')},
        (SELECT sum(version) FROM certificates) AS cv, (SELECT sum(version) FROM devices) AS dv, (SELECT sum(version) FROM holders) AS hv,
        (SELECT sum(version) FROM agencies) AS av, (SELECT max(seq) FROM audit_log) AS audit, (SELECT count(*) FROM idempotency_keys) AS idem`
    ).first()
  )

const QUERIES = [
  'limit=-1',
  'limit=1e9',
  'cursor=forged',
  `cursor=${btoa('["a"]')}`,
  `q=${encodeURIComponent(SCRIPT)}`,
  `q=${encodeURIComponent('" OR 1=1 NEAR(')}`,
  'status=%00',
  'days=99999999999',
  `agencyId=${encodeURIComponent("' OR '1'='1")}`,
  `at=${encodeURIComponent('2025-02-30')}`,
]

describe('hostile input on every route', () => {
  it('never answers 500, answers problems as problem+json, and a refusal changes nothing', async () => {
    const { agency, holder, certificate } = await given.person()
    const device = await given.device(agency.id)
    const doc = (await api.get('/openapi.json')).body
    const ids: Record<string, string> = { id: certificate.id, serial: certificate.serial }
    const path = (p: string) =>
      p
        .replace('{serial}', ids.serial)
        .replace(/\/(agencies)\/\{id\}/, `/$1/${agency.id}`)
        .replace(/\/(holders)\/\{id\}/, `/$1/${holder.id}`)
        .replace(/\/(devices)\/\{id\}/, `/$1/${device.id}`)
        .replace('{id}', ids.id)
    let tried = 0
    const failures: string[] = []
    for (const [template, operations] of Object.entries<any>(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const url = path(template)
        const attempts: { body?: string | Uint8Array; query?: string }[] =
          method === 'get' ? QUERIES.map((query) => ({ query })) : BODIES.map((body) => ({ body }))
        for (const attempt of attempts) {
          const before = method === 'get' ? null : await fingerprint()
          const res = await fetchWorker(
            `http://registry.test${url}${attempt.query ? `?${attempt.query}` : ''}`,
            {
              method: method.toUpperCase(),
              headers: {
                authorization: `Bearer ${ADMIN}`,
                'content-type': 'application/json',
                'cf-connecting-ip': `fuzz-${tried}`,
              },
              body: attempt.body,
            }
          )
          const text = await res.text()
          tried++
          const where = `${method.toUpperCase()} ${template} ${attempt.query ?? String(attempt.body).slice(0, 40)}`
          if (res.status >= 500) failures.push(`${where}: ${res.status} ${text.slice(0, 200)}`)
          if (
            res.status >= 400 &&
            !res.headers.get('content-type')?.startsWith('application/problem+json')
          )
            failures.push(`${where}: ${res.status} not problem+json`)
          if (res.status >= 400 && before && (await fingerprint()) !== before)
            failures.push(`${where}: refused, yet the database changed`)
          if (text.includes(SCRIPT)) failures.push(`${where}: the script came back verbatim`)
        }
      }
    }
    console.log(`hostile input: ${tried} requests tried`)
    expect(failures.join('\n')).toBe('')
    expect(tried).toBeGreaterThan(500)
  }, 180_000)

  it('never reflects script into an HTML page', async () => {
    const session = await api.post('/api/v1/session', { apiKey: ADMIN })
    const cookie = String(session.headers.get('set-cookie')).split(';')[0]
    for (const page of [
      `/?serial=${encodeURIComponent(SCRIPT)}`,
      `/?serial=AB&issuer=${encodeURIComponent(SCRIPT)}&at=${encodeURIComponent(SCRIPT)}`,
      `/console/certificates?q=${encodeURIComponent(SCRIPT)}&kind=${encodeURIComponent(SCRIPT)}`,
      `/console/devices?q=${encodeURIComponent(SCRIPT)}`,
      `/lang?to=en&back=${encodeURIComponent(`/"><script>`)}`,
    ]) {
      const res = await fetchWorker(`http://registry.test${page}`, { headers: { cookie } })
      const html = await res.text()
      expect(res.status, page).toBeLessThan(500)
      expect(html, page).not.toContain(SCRIPT)
      expect(html, page).not.toContain('<script>alert')
    }
  })
})

/** A page request as a browser sends it, from `ip`. */
const page = (path: string, init: RequestInit = {}, overrides: Partial<Env> = {}) =>
  fetchWorker(`http://registry.test${path}`, init, overrides)

/** A console session cookie opened with `apiKey` (through the JSON sign-in). */
async function sessionOf(apiKey: string) {
  const res = await call('POST', '/api/v1/session', { apiKey }, {}, null)
  return String(res.headers.get('set-cookie')).split(';')[0]
}

/** The security review's findings (issue #15), each as the reviewer tried it. */
describe('what the security review tried', () => {
  it('redirects only to a path of this site, and answers CR/LF without a 500', async () => {
    for (const back of [
      '/%09/evil.example',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      '/%0d%0aSet-Cookie:%20x=1',
      '%0d%0a',
      '/\t/evil.example',
    ]) {
      const res = await page(`/lang?to=en&back=${back}`)
      expect(res.status, back).toBe(303)
      const location = res.headers.get('location')!
      expect(new URL(location, 'http://registry.test').origin, back).toBe('http://registry.test')
      expect(location, back).not.toMatch(/[\r\n\t]|^\/\/|^\/\\/)
      expect(res.headers.get('set-cookie'), back).not.toMatch(/x=1/)
    }
    const ok = await page('/lang?to=en&back=/console/certificates?status=active')
    expect(ok.headers.get('location')).toBe('/console/certificates?status=active')
  })

  it('answers a long search term (and one at the limit) instead of a 500', async () => {
    const long = encodeURIComponent('Sở Thông tin và Truyền thông tỉnh '.repeat(6).slice(0, 200))
    expect((await api.get(`/api/v1/agencies?q=${long}`)).status).toBe(200)
    expect((await api.get(`/api/v1/certificates?q=${long}`)).status).toBe(200)
    expect((await api.get(`/api/v1/agencies?q=${long}x`)).status).toBe(400)
    const cookie = await sessionOf(ADMIN)
    expect(
      (await page(`/console/agencies?q=${long}`, { headers: { cookie } })).status
    ).toBeLessThan(500)
  })

  it('refuses webhook URLs to loopback, link-local, metadata, numeric or private hosts, or with credentials, at the edge', async () => {
    const agency = await given.agency()
    const staging = { ENVIRONMENT: 'staging' }
    const before = await fingerprint()
    for (const webhookUrl of [
      'http://hooks.soyte.gov.vn/registry',
      'https://127.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://metadata.google.internal/computeMetadata',
      'https://10.0.0.7/hook',
      'https://[::1]/hook',
      'https://0x7f000001/hook',
      'https://localhost/hook',
      'https://user:pass@hooks.soyte.gov.vn/registry',
      'https://hooks.corp/registry',
    ]) {
      const res = await fetchWorker(
        `http://registry.test/api/v1/agencies/${agency.id}`,
        {
          method: 'PATCH',
          headers: {
            authorization: `Bearer ${ADMIN}`,
            'content-type': 'application/json',
            'cf-connecting-ip': '198.51.100.4',
            'if-match': `"v${agency.version}"`,
          },
          body: JSON.stringify({ webhookUrl }),
        },
        staging
      )
      expect(res.status, webhookUrl).toBe(422)
      expect(await res.text(), webhookUrl).toContain('webhookUrl')
    }
    expect(await fingerprint()).toBe(before)
    const fine = await fetchWorker(
      `http://registry.test/api/v1/agencies/${agency.id}`,
      {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${ADMIN}`,
          'content-type': 'application/json',
          'cf-connecting-ip': '198.51.100.4',
          'if-match': `"v${agency.version}"`,
        },
        body: JSON.stringify({ webhookUrl: 'https://hooks.soyte.gov.vn/registry' }),
      },
      staging
    )
    expect(fine.status).toBe(200)
  })

  it('limits an IPv6 client by its /64, and at the edge refuses a request without a client address', async () => {
    const statuses: number[] = []
    for (let i = 1; i <= 21 && statuses.at(-1) !== 429; i++)
      statuses.push(
        (
          await call(
            'POST',
            '/api/v1/session',
            { apiKey: 'crk_wrong' },
            { 'cf-connecting-ip': `2001:db8:15:64::${i.toString(16)}` },
            null
          )
        ).status
      )
    expect(statuses.at(-1)).toBe(429)
    // Another /64 is another client.
    expect(
      (
        await call(
          'POST',
          '/api/v1/session',
          { apiKey: 'crk_wrong' },
          { 'cf-connecting-ip': '2001:db8:15:65::1' },
          null
        )
      ).status
    ).toBe(401)
    const nowhere = await page('/api/v1/status/DEADBEEF', {}, { ENVIRONMENT: 'staging' })
    expect(nowhere.status).toBe(400)
    expect((await nowhere.json<any>()).code).toBe('no-client-address')
    const somewhere = await page(
      '/api/v1/status/DEADBEEF',
      { headers: { 'cf-connecting-ip': '198.51.100.9' } },
      { ENVIRONMENT: 'staging' }
    )
    expect(somewhere.status).toBe(200)
  })

  it('ends a session opened with ADMIN_TOKEN once the token is rotated, or in production', async () => {
    const cookie = await sessionOf(ADMIN)
    const asked = (overrides: Partial<Env> = {}) =>
      page('/api/v1/session', { headers: { cookie } }, overrides).then((r) => r.status)
    expect(await asked()).toBe(200)
    expect(await asked({ ADMIN_TOKEN: 'rotated-admin-token-0123456789' })).toBe(401)
    expect(await asked({ ENVIRONMENT: 'production' })).toBe(401)
    // A session opened with an API key lives on: it is bound to that key, not to ADMIN_TOKEN.
    const key = await newKey('admin')
    const keyed = await sessionOf(key.secret)
    const status = await page(
      '/api/v1/session',
      { headers: { cookie: keyed } },
      {
        ADMIN_TOKEN: 'rotated-admin-token-0123456789',
      }
    )
    expect(status.status).toBe(200)
  })

  it('answers console pages with a 403 or 404 page, never a 500: officers, auditors, Bearer callers, missing records', async () => {
    const agency = await given.agency()
    const officer = await sessionOf((await newKey('officer', agency.id)).secret)
    const auditor = await sessionOf((await newKey('auditor')).secret)
    for (const [cookie, path, status] of [
      [officer, '/console/keys', 403],
      [officer, '/console/import', 403],
      [officer, '/console/audit', 403],
      [auditor, '/console/keys', 403],
      [auditor, '/console/audit', 200],
      [officer, '/console/certificates/crt_nonexistent', 404],
      [officer, '/console/no-such-page', 404],
    ] as const) {
      const res = await page(path, { headers: { cookie } })
      expect(res.status, `${path} ${status}`).toBe(status)
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/)
      const html = await res.text()
      if (status === 403) expect(html).toContain('không được')
    }
    for (const path of ['/console', '/console/certificates', '/console/keys', '/console/audit']) {
      const res = await page(path, { headers: { authorization: `Bearer ${ADMIN}` } })
      expect(res.status, path).toBeLessThan(500)
    }
  })

  it('signs in through the console only with its own CSRF token and from its own origin', async () => {
    const form = await page('/console/sign-in')
    const cookie = String(form.headers.get('set-cookie')).split(';')[0]
    const token = /name="_signin" value="([^"]+)"/.exec(await form.text())![1]
    const signIn = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      page('/console/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body).toString(),
        redirect: 'manual',
      })
    const sessions = () => count('sessions')
    const before = await sessions()
    for (const refused of [
      await signIn({ apiKey: ADMIN }), // a form posted from elsewhere: no token, no cookie
      await signIn({ apiKey: ADMIN, _signin: token }), // the token without its cookie
      await signIn({ apiKey: ADMIN, _signin: 'si_forged' }, { cookie }),
      await signIn({ apiKey: ADMIN, _signin: token }, { cookie, origin: 'https://evil.example' }),
      await signIn({ apiKey: ADMIN, _signin: token }, { cookie, origin: 'null' }), // a sandboxed frame
    ]) {
      expect(refused.status).toBe(403)
      expect(String(refused.headers.get('set-cookie'))).not.toMatch(/registry_session=[^;]/)
    }
    expect(await sessions()).toBe(before)
    const accepted = await signIn(
      { apiKey: ADMIN, _signin: token },
      { cookie, origin: 'http://registry.test' }
    )
    expect(accepted.status).toBe(303)
    expect(accepted.headers.get('location')).toBe('/console')
    expect(await sessions()).toBe(before + 1)
  })

  it("keeps the request id of its own making, and a client's apart in the logs only", async () => {
    const agency = await given.agency()
    const res = await call(
      'PATCH',
      `/api/v1/agencies/${agency.id}`,
      { name: 'Sở Nội vụ' },
      {
        'x-request-id': 'seq-1 "forged" <admin>',
        'if-match': `"v${agency.version}"`,
      }
    )
    expect(res.status).toBe(200)
    const entry = (await api.get(`/api/v1/audit?entity=agency&entityId=${agency.id}&limit=1`)).body
      .items[0]
    expect(entry.requestId).toBe(res.headers.get('x-request-id'))
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })
})
