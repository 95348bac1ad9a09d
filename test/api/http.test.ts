import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ADMIN, api, call, expectProblem, fetchWorker, snapshot } from '../helpers/api'
import { given } from '../helpers/given'

describe('HTTP behaviour every route shares', () => {
  it("answers unknown routes with a 404 problem carrying its own request id, not the caller's", async () => {
    const res = await api.get('/api/v1/no-such-thing', { 'x-request-id': 'req-test-123' })
    const problem = expectProblem(res, 404, 'route-not-found')
    expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('x-request-id')).toBe(problem.requestId)
  })

  it('refuses malformed JSON (400), a non-JSON body (415), a missing body (422) and an oversize body (413), writing nothing', async () => {
    const before = await snapshot()
    expectProblem(
      await call('POST', '/api/v1/agencies', '{"code": "X",', {
        'content-type': 'application/json',
      }),
      400,
      'malformed-request'
    )
    expectProblem(
      await call('POST', '/api/v1/agencies', 'code=X', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415
    )
    expect(
      expectProblem(await call('POST', '/api/v1/agencies', undefined), 422).errors.map(
        (e: any) => e.path
      )
    ).toEqual(['code', 'name', 'kind'])
    const huge = JSON.stringify({ code: 'BIG', name: 'x'.repeat(1024 * 1024 + 10), kind: 'unit' })
    expectProblem(await call('POST', '/api/v1/agencies', huge), 413, 'body-too-large')
    expect(await snapshot()).toEqual(before)
  })

  it('requires credentials for the API, refuses a wrong token, and sets security headers', async () => {
    const anonymous = await call('GET', '/api/v1/certificates', undefined, {}, null)
    expectProblem(anonymous, 401, 'not-signed-in')
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expectProblem(
      await call('GET', '/api/v1/certificates', undefined, {}, 'wrong-token'),
      401,
      'invalid-credentials'
    )
    const ok = await api.get('/api/v1/certificates')
    expect(ok.status).toBe(200)
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff')
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'")
  })

  it('never answers 500 for hostile text: SQL and script are stored as text and searched safely', async () => {
    const agency = await given.agency({
      name: "Phòng'); DROP TABLE certificates; --<script>alert(1)</script>",
    })
    const found = await api.get(`/api/v1/agencies?q=${encodeURIComponent("'); DROP")}`)
    expect(found.body.items.map((a: any) => a.id)).toEqual([agency.id])
    expect(
      (await api.get(`/api/v1/certificates?q=${encodeURIComponent('" OR 1=1 NEAR(')}`)).status
    ).toBe(200)
  })

  it('publishes an OpenAPI 3.1 document generated from the contracts, and an API reference at /docs', async () => {
    const doc = (await call('GET', '/openapi.json', undefined, {}, null)).body
    expect(doc.openapi).toBe('3.1.0')
    for (const path of [
      '/api/v1/agencies',
      '/api/v1/agencies/{id}',
      '/api/v1/holders/{id}',
      '/api/v1/certificates/{id}/revoke',
      '/api/v1/certificates/{id}/renew',
      '/api/v1/devices/{id}/assign',
      '/api/v1/devices/{id}/return',
      '/api/v1/devices/{id}/report-lost',
    ])
      expect(Object.keys(doc.paths)).toContain(path)
    expect(doc.components.schemas.Certificate.properties).toHaveProperty('daysLeft')
    expect(doc.paths['/api/v1/certificates/{id}/revoke'].post.responses).toHaveProperty('409')
    // The problem catalogue: every code, with what a person reads in Vietnamese and English.
    const codes = doc.components.schemas.ProblemCode
    expect(codes.enum).toEqual(expect.arrayContaining(['agency-cycle', 'officer-needs-agency']))
    expect(codes['x-enum-descriptions']).toHaveLength(codes.enum.length)
    expect(codes['x-enum-descriptions'][codes.enum.indexOf('officer-needs-agency')]).toBe(
      'vi: Cán bộ cơ quan phải gắn với một cơ quan; vai trò khác thì không. | en: Officers need an agency; other roles have none.'
    )
    const docs = await call('GET', '/docs', undefined, {}, null)
    expect(docs.status).toBe(200)
    expect(docs.body).toContain('/docs/vendor/swagger-ui-bundle.js')
    expect(docs.body).toContain('data-spec="/openapi.json"')
  })
})

describe('CORS, only where configured', () => {
  it('answers a preflight from a configured origin, and gives other origins nothing', async () => {
    const preflight = (origin: string) =>
      call(
        'OPTIONS',
        '/api/v1/certificates',
        undefined,
        {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
        null
      )
    const allowed = await preflight('https://portal.example.gov.vn')
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.gov.vn')
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization')
    const other = await preflight('https://evil.example.com')
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('the language switch', () => {
  it('remembers the choice and goes back only to a path on this site', async () => {
    const go = (back: string) =>
      SELF.fetch(`http://x/lang?to=en&back=${encodeURIComponent(back)}`, { redirect: 'manual' })
    const ok = await go('/console/certificates?kind=personal')
    expect(ok.headers.get('location')).toBe('/console/certificates?kind=personal')
    expect(ok.headers.get('set-cookie')).toMatch(/^lang=en/)
    for (const evil of ['//evil.example', '/\\evil.example', 'https://evil.example'])
      expect((await go(evil)).headers.get('location')).toBe('/')
  })
})

describe('D1 read replicas (Sessions API)', () => {
  it('answers a bookmark, and a read that sends it back sees the write (a revocation, at once)', async () => {
    const { certificate } = await given.person()
    const revoked = await api.post(`/api/v1/certificates/${certificate.id}/revoke`, {
      reasonCode: 1,
    })
    const bookmark = revoked.headers.get('x-d1-bookmark')
    expect(bookmark).toBeTruthy()
    const read = await call(
      'GET',
      `/api/v1/status/${certificate.serial}`,
      undefined,
      { 'x-d1-bookmark': bookmark! },
      null
    )
    expect(read.body.status).toBe('revoked')
    expect(read.headers.get('x-d1-bookmark')).toBeTruthy()
  })

  it('opens each request at the replica the client may read from: its bookmark, else any replica for a read, the primary for a write', async () => {
    // The local D1 has no replicas, so the sessions D1 is asked for are what is observed: a
    // replica-constrained session (the bookmark) is what keeps read-your-writes in production.
    const opened: string[] = []
    const DB = new Proxy(env.DB, {
      get: (target, key) =>
        key === 'withSession'
          ? (constraint: string) => (opened.push(constraint), target.withSession(constraint))
          : Reflect.get(target, key),
    })
    const { certificate } = await given.person()
    const send = (
      method: string,
      path: string,
      headers: Record<string, string> = {},
      body?: unknown
    ) =>
      fetchWorker(
        `http://registry.test${path}`,
        {
          method,
          headers: {
            authorization: `Bearer ${ADMIN}`,
            'content-type': 'application/json',
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        },
        { DB }
      )
    const write = await send(
      'POST',
      `/api/v1/certificates/${certificate.id}/revoke`,
      {},
      { reasonCode: 1 }
    )
    expect(write.status).toBe(200)
    const bookmark = write.headers.get('x-d1-bookmark')!
    const read = await send('GET', `/api/v1/certificates/${certificate.id}`, {
      'x-d1-bookmark': bookmark,
    })
    expect((await read.json<any>()).status).toBe('revoked')
    await send('GET', `/api/v1/certificates/${certificate.id}`)
    expect(opened).toEqual(['first-primary', bookmark, 'first-unconstrained'])
    // Each answer's bookmark is never behind the one the client sent.
    expect(read.headers.get('x-d1-bookmark')! >= bookmark).toBe(true)
  })
})
