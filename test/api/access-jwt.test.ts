import { env } from 'cloudflare:test'
import { sign } from 'hono/jwt'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { api, call, count, expectProblem } from '../helpers/api'
import { given } from '../helpers/given'

const TEAM = env.ACCESS_TEAM_DOMAIN
const AUD = env.ACCESS_AUD

/** An RSA key pair made here with WebCrypto, published as the team's JWKS by the mock below. */
async function rsaKey(kid: string) {
  const pair = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify']
  )) as CryptoKeyPair
  const publicJwk = {
    ...((await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey),
    kid,
    alg: 'RS256',
    use: 'sig',
  }
  const privateJwk = {
    ...((await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey),
    kid,
    alg: 'RS256',
  }
  return { publicJwk, privateJwk }
}

let team: Awaited<ReturnType<typeof rsaKey>>
let fetches = 0
let stranger: Awaited<ReturnType<typeof rsaKey>>
const now = () => Math.floor(Date.now() / 1000)
const token = (claims: Record<string, unknown>, key = team.privateJwk) =>
  sign(
    {
      aud: [AUD],
      iss: TEAM,
      email: 'lan.nt@soyte.gov.vn',
      iat: now(),
      exp: now() + 600,
      ...claims,
    },
    key as any,
    'RS256'
  )

beforeAll(async () => {
  team = await rsaKey('team-key-1')
  stranger = await rsaKey('team-key-1') // same kid, different key: a forgery
  // Only the Access certificate endpoint leaves the machine: answer it with the team's JWKS.
  const real = globalThis.fetch
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url === `${TEAM}/cdn-cgi/access/certs`) {
      fetches++
      return Response.json({ keys: [team.publicJwk] })
    }
    return real(input as any, init)
  })
})
afterAll(() => vi.restoreAllMocks())

/** A request carrying a Cloudflare Access assertion and no other credential. */
const withAssertion = (method: string, path: string, assertion: string) =>
  call(method, path, undefined, { 'cf-access-jwt-assertion': assertion }, null)

describe('Cloudflare Access', () => {
  it("maps a valid assertion's e-mail to its user's role and scope", async () => {
    const agency = await given.agency()
    const other = await given.agency()
    await given.holder(agency.id, { fullName: 'Nguyễn Thị Lan' })
    await given.holder(other.id, { fullName: 'Trần Văn Bình' })
    expect(
      (
        await api.post('/api/v1/users', {
          email: 'Lan.NT@soyte.gov.vn',
          name: 'Nguyễn Thị Lan',
          role: 'officer',
          agencyId: agency.id,
        })
      ).status
    ).toBe(201)
    const res = await withAssertion('GET', '/api/v1/holders', await token({}))
    expect(res.status).toBe(200)
    expect(res.body.items.map((h: any) => h.fullName)).toEqual(['Nguyễn Thị Lan'])
    const session = await withAssertion('POST', '/api/v1/session/access', await token({}))
    expect(session.status).toBe(200)
    expect(session.body.principal).toMatchObject({ role: 'officer', agencyId: agency.id })
    expect(session.headers.get('set-cookie')).toMatch(
      /registry_session=.*HttpOnly.*Secure.*SameSite=Strict/i
    )
  })

  it('refuses forged, expired, foreign-audience and foreign-issuer assertions with 401', async () => {
    await api.post('/api/v1/users', { email: 'lan.nt@soyte.gov.vn', name: 'Lan', role: 'auditor' })
    const cases = {
      forged: await token({}, stranger.privateJwk),
      expired: await token({ iat: now() - 7200, exp: now() - 3600 }),
      'other audience': await token({ aud: ['someone-else'] }),
      'other issuer': await token({ iss: 'https://evil.cloudflareaccess.com' }),
      garbage: 'not.a.jwt',
    }
    for (const [name, assertion] of Object.entries(cases)) {
      const res = await withAssertion('GET', '/api/v1/agencies', assertion)
      expect(res.status, name).toBe(401)
      expect(res.body.code, name).toBe('invalid-access-token')
    }
  })

  it('answers 403 to a valid identity that is not registered, or disabled', async () => {
    expectProblem(
      await withAssertion('GET', '/api/v1/agencies', await token({ email: 'nobody@example.com' })),
      403,
      'not-registered'
    )
    const user = (
      await api.post('/api/v1/users', { email: 'gone@soyte.gov.vn', name: 'Gone', role: 'auditor' })
    ).body
    expect(
      (await withAssertion('GET', '/api/v1/agencies', await token({ email: 'gone@soyte.gov.vn' })))
        .status
    ).toBe(200)
    await call('DELETE', `/api/v1/users/${user.id}`)
    expectProblem(
      await withAssertion('GET', '/api/v1/agencies', await token({ email: 'gone@soyte.gov.vn' })),
      403,
      'not-registered'
    )
  })

  it('looks for an unknown key at most once a minute, however many bogus tokens arrive', async () => {
    const bogus = await rsaKey('no-such-key')
    const before = fetches
    for (let i = 0; i < 20; i++)
      expect(
        (await withAssertion('GET', '/api/v1/agencies', await token({}, bogus.privateJwk))).status
      ).toBe(401)
    expect(fetches - before).toBeLessThanOrEqual(1)
  })

  it('refuses a change a page on another site sends with a valid Access identity, writing nothing', async () => {
    await api.post('/api/v1/users', {
      email: 'quantri@stttt.gov.vn',
      name: 'Quản trị',
      role: 'admin',
    })
    const assertion = await token({ email: 'quantri@stttt.gov.vn' })
    const create = (code: string, headers: Record<string, string>) =>
      call(
        'POST',
        '/api/v1/agencies',
        { code, name: 'Cơ quan thử', kind: 'other' },
        { 'cf-access-jwt-assertion': assertion, ...headers },
        null
      )
    const before = await count('agencies')
    // The browser sends Access's cookie with a form on another site: it says where it came from.
    const refused: Record<string, string>[] = [
      { origin: 'https://trang-la.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]
    for (const from of refused)
      expectProblem(await create('CSRF-X', from), 403, 'csrf-token-invalid')
    expect(await count('agencies')).toBe(before)
    // Its own pages, an origin CORS_ORIGINS opens, a link typed in, and a client that is no browser.
    const allowed: Record<string, string>[] = [
      { origin: 'http://registry.test' },
      { origin: 'https://portal.example.gov.vn' },
      { 'sec-fetch-site': 'none' },
      {},
    ]
    for (const [i, from] of allowed.entries())
      expect((await create(`CSRF-OK-${i}`, from)).status, JSON.stringify(from)).toBe(201)
    // Reading is never refused for where it came from.
    expect(
      (
        await call(
          'GET',
          '/api/v1/agencies',
          undefined,
          { 'cf-access-jwt-assertion': assertion, origin: 'https://trang-la.example' },
          null
        )
      ).status
    ).toBe(200)
  })
})
