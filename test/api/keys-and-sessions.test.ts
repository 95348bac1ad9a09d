import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { bearerPrincipal } from '../../src/auth/principal'
import { api, auditOf, call, count, expectProblem, snapshot } from '../helpers/api'
import { given } from '../helpers/given'
import { newKey } from '../helpers/principals'

/** Each test its own client address, so the sign-in limiter's windows do not overlap. */
let client = 0
const fromClient = () => ({ 'cf-connecting-ip': `198.51.100.${++client}` })

describe('API keys', () => {
  it('shows a key once, stores only its hash, and audits its creation without the secret', async () => {
    const agency = await given.agency()
    const created = await api.post('/api/v1/keys', {
      name: 'Văn thư Sở',
      role: 'officer',
      agencyId: agency.id,
    })
    expect(created.status).toBe(201)
    const { secret, id } = created.body
    expect(secret).toMatch(/^crk_[A-Za-z0-9_-]{27}$/)
    expect(created.body).toMatchObject({
      role: 'officer',
      agencyId: agency.id,
      prefix: secret.slice(0, 10),
      revokedAt: null,
    })
    const listed = await api.get('/api/v1/keys')
    expect(JSON.stringify(listed.body)).not.toContain(secret)
    const stored = await env.DB.prepare('SELECT * FROM api_keys WHERE id = ?1')
      .bind(id)
      .first<any>()
    expect(JSON.stringify(stored)).not.toContain(secret)
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(await auditOf(id))).not.toContain(secret)
  })

  it('accepts a key as a Bearer token, records its last use, and refuses it once revoked', async () => {
    const key = await newKey('auditor')
    const used = await call('GET', '/api/v1/agencies', undefined, {}, key.secret)
    expect(used.status).toBe(200)
    await new Promise((r) => setTimeout(r, 50)) // last use is recorded after the answer
    expect(
      (
        await env.DB.prepare('SELECT last_used_at FROM api_keys WHERE id = ?1')
          .bind(key.id)
          .first<any>()
      ).last_used_at
    ).not.toBeNull()
    expect((await call('DELETE', `/api/v1/keys/${key.id}`)).body.revokedAt).not.toBeNull()
    expectProblem(
      await call('GET', '/api/v1/agencies', undefined, {}, key.secret),
      401,
      'invalid-credentials'
    )
    expectProblem(await call('DELETE', `/api/v1/keys/${key.id}`), 409, 'key-revoked')
  })

  it('needs an agency for an officer and none for others', async () => {
    const before = await snapshot()
    expect(
      expectProblem(await api.post('/api/v1/keys', { name: 'x', role: 'officer' }), 422).errors[0]
        .path
    ).toBe('agencyId')
    const agency = await given.agency()
    const after = await snapshot()
    expect(
      expectProblem(
        await api.post('/api/v1/keys', { name: 'x', role: 'auditor', agencyId: agency.id }),
        422
      ).errors[0].path
    ).toBe('agencyId')
    expect(await snapshot()).toEqual(after)
    expect(before.api_keys).toEqual(after.api_keys)
  })

  it('refuses the local ADMIN_TOKEN when the Worker runs in production', async () => {
    const local = { ...env, ENVIRONMENT: 'development', ADMIN_TOKEN: 'secret-token' } as Env
    expect(await bearerPrincipal(local, 'secret-token')).toMatchObject({ role: 'admin' })
    expect(
      await bearerPrincipal({ ...local, ENVIRONMENT: 'production' }, 'secret-token')
    ).toBeNull()
  })
})

describe('console sessions', () => {
  async function signIn(apiKey: string) {
    const res = await call('POST', '/api/v1/session', { apiKey }, fromClient(), null)
    const cookie = res.headers.get('set-cookie') ?? ''
    return { res, cookie, jar: cookie.split(';')[0] }
  }

  it('signs in with a key: an HttpOnly, Secure, SameSite=Strict cookie, audited', async () => {
    const key = await newKey('admin')
    const { res, cookie, jar } = await signIn(key.secret)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ principal: { id: key.id, role: 'admin' } })
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/Secure/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(await count('sessions')).toBeGreaterThan(0)
    expect(
      JSON.stringify((await env.DB.prepare('SELECT * FROM sessions').all()).results)
    ).not.toContain(jar.split('=')[1])
    const me = await call('GET', '/api/v1/session', undefined, { cookie: jar }, null)
    expect(me.body).toMatchObject({ principal: { id: key.id }, csrfToken: res.body.csrfToken })
    expect((await auditOf(key.id)).map((a) => a.action)).toContain('auth.sign-in')
  })

  it('requires the CSRF token for changes made through the session', async () => {
    const key = await newKey('admin')
    const { res, jar } = await signIn(key.secret)
    const body = { code: 'CSRF.1', name: 'Phòng A', kind: 'unit' }
    const before = await snapshot()
    expectProblem(
      await call('POST', '/api/v1/agencies', body, { cookie: jar }, null),
      403,
      'csrf-token-invalid'
    )
    expectProblem(
      await call(
        'POST',
        '/api/v1/agencies',
        body,
        { cookie: jar, 'x-csrf-token': 'csrf_wrong' },
        null
      ),
      403,
      'csrf-token-invalid'
    )
    expect(await snapshot()).toEqual(before)
    expect(
      (
        await call(
          'POST',
          '/api/v1/agencies',
          body,
          { cookie: jar, 'x-csrf-token': res.body.csrfToken },
          null
        )
      ).status
    ).toBe(201)
  })

  it('ends with sign-out, and with the revocation of its key', async () => {
    const key = await newKey('auditor')
    const first = await signIn(key.secret)
    const out = await call(
      'DELETE',
      '/api/v1/session',
      undefined,
      { cookie: first.jar, 'x-csrf-token': first.res.body.csrfToken },
      null
    )
    expect(out.status).toBe(200)
    expectProblem(await call('GET', '/api/v1/session', undefined, { cookie: first.jar }, null), 401)
    const second = await signIn(key.secret)
    expect(
      (await call('GET', '/api/v1/agencies', undefined, { cookie: second.jar }, null)).status
    ).toBe(200)
    await call('DELETE', `/api/v1/keys/${key.id}`)
    expectProblem(
      await call('GET', '/api/v1/agencies', undefined, { cookie: second.jar }, null),
      401,
      'not-signed-in'
    )
  })

  it('counts failed sign-ins (never as audit entries) and limits attempts per client (429 with Retry-After)', async () => {
    const headers = fromClient()
    const statuses: number[] = []
    let last: any
    // 10 attempts in a fixed 60 s window; up to 20 when they straddle the window's end.
    do {
      last = await call(
        'POST',
        '/api/v1/session',
        { apiKey: `crk_wrong${statuses.length}` },
        headers,
        null
      )
      statuses.push(last.status)
    } while (last.status === 401 && statuses.length <= 20)
    const refused = statuses.length - 1
    expect(statuses.slice(0, refused)).toEqual(Array(refused).fill(401))
    expect(refused).toBeGreaterThanOrEqual(10)
    expect(refused).toBeLessThanOrEqual(20)
    expect(last.status).toBe(429)
    expect(last.headers.get('retry-after')).toBe('60')
    // A flood does not grow the permanent log: the attempts are counted per day and client.
    expect(await count('audit_log', "action = 'auth.sign-in-failed'")).toBe(0)
    expect(
      (await env.DB.prepare('SELECT sum(n) AS n FROM signin_failures').first<{ n: number }>())!.n
    ).toBe(refused)
    expect((await api.get('/api/v1/reports/activity')).body.failedSignIns).toBe(refused)
    // Another client is not held back by this one.
    expect(
      (await call('POST', '/api/v1/session', { apiKey: 'crk_x' }, fromClient(), null)).status
    ).toBe(401)
  })
})
