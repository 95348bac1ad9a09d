import { beforeAll, describe, expect, inject, it } from 'vitest'
import { api, call, count, expectProblem } from '../helpers/api'
import { given } from '../helpers/given'
import { upload } from '../helpers/pki'

/**
 * Asking the CA's OCSP responder from the certificate page, against `openssl ocsp` running as the
 * RSA test CA's responder on loopback (test/helpers/ca-servers.setup.ts): OpenSSL's own database
 * says an-rsa is good, binh-rsa and cuong-rsa revoked.
 */
const responder = inject('ocspResponder')
const crlServer = inject('crlServer')
const ids: Record<string, string> = {}
let rsa: { id: string; version: number }

const setOcsp = async (urls: string[]) => {
  const issuer = (await api.get(`/api/v1/issuers/${rsa.id}`)).body
  const res = await api.patch(
    `/api/v1/issuers/${rsa.id}`,
    { ocspUrls: urls },
    { 'if-match': `"v${issuer.version}"` }
  )
  expect(res.status, JSON.stringify(res.body)).toBe(200)
}
const ask = (leaf: string) => api.post(`/api/v1/certificates/${ids[leaf]}/ocsp`)

beforeAll(async () => {
  const agency = await given.agency({ code: 'STP', name: 'Sở Tư pháp' })
  const holder = await given.holder(agency.id, { fullName: 'Lê Văn Cường' })
  rsa = (await upload('/api/v1/issuers', 'rsa-ca-ca.pem')).body
  for (const leaf of ['an-rsa', 'binh-rsa', 'cuong-rsa'])
    ids[leaf] = (
      await upload('/api/v1/certificates', `${leaf}.pem`, {
        form: { kind: 'personal', holderId: holder.id },
      })
    ).body.id
})

describe("the CA's OCSP responder, asked by the department", () => {
  it('needs a responder: none known is a 409 naming the issuer', async () => {
    expectProblem(await ask('an-rsa'), 409, 'issuer-without-ocsp')
  })

  it('reads a good answer signed by the CA, and agrees with the registry', async () => {
    await setOcsp([responder])
    const res = await ask('an-rsa')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({
      responder,
      status: 'good',
      revokedAt: null,
      registry: 'active',
      agrees: true,
    })
    expect(Date.parse(res.body.nextUpdate) - Date.parse(res.body.thisUpdate)).toBe(60 * 60_000)
  })

  it('shows and audits a disagreement: revoked at the CA, active here', async () => {
    const before = await count('audit_log', "action = 'certificate.ocsp-disagrees'")
    const res = await ask('cuong-rsa')
    expect(res.body).toMatchObject({
      status: 'revoked',
      reason: { code: 3, name: 'affiliationChanged' },
      registry: 'active',
      agrees: false,
    })
    expect(res.body.revokedAt).toMatch(/^20\d\d-/)
    expect(await count('audit_log', "action = 'certificate.ocsp-disagrees'")).toBe(before + 1)
    const entry = (
      await api.get(`/api/v1/audit?entity=certificate&entityId=${ids['cuong-rsa']}&limit=1`)
    ).body.items[0]
    expect(entry).toMatchObject({
      action: 'certificate.ocsp-disagrees',
      after: { status: 'revoked' },
    })
  })

  it('agrees once the CA’s CRL is imported', async () => {
    expect((await upload('/api/v1/crls', 'rsa-ca.crl')).status).toBe(200)
    for (const leaf of ['binh-rsa', 'cuong-rsa'])
      expect((await ask(leaf)).body).toMatchObject({
        status: 'revoked',
        registry: 'revoked',
        agrees: true,
      })
  })

  it('refuses an answer that is not an OCSP response, or a responder that fails, as 502 naming why', async () => {
    await fetch(`${crlServer}/control`, {
      method: 'POST',
      body: JSON.stringify({ path: '/ocsp', route: { garbage: true } }),
    })
    await setOcsp([`${crlServer}/ocsp`])
    const garbage = expectProblem(await ask('an-rsa'), 502, 'ocsp-failed')
    expect(garbage.detail).toContain('not an OCSP response')
    await setOcsp([`${crlServer}/gone`])
    expect(expectProblem(await ask('an-rsa'), 502, 'ocsp-failed').detail).toContain('HTTP 404')
    await setOcsp([responder])
  })

  it('is the department’s: others may not ask, and an unregistered issuer cannot be asked', async () => {
    const key = await api.post('/api/v1/keys', { name: 'kiểm toán', role: 'auditor' })
    expectProblem(
      await call(
        'POST',
        `/api/v1/certificates/${ids['an-rsa']}/ocsp`,
        undefined,
        {},
        key.body.secret
      ),
      403
    )
    const holder = (await api.get('/api/v1/holders?limit=1')).body.items[0]
    const stranger = await given.certificate(holder.id, { issuer: 'CN=CA lạ,C=VN' })
    expectProblem(
      await api.post(`/api/v1/certificates/${stranger.id}/ocsp`),
      409,
      'issuer-not-registered'
    )
  })
})
