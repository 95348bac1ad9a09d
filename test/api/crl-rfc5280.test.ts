import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import cases from '../fixtures/pki/rfc5280.json'
import { api, call, expectProblem, snapshot } from '../helpers/api'
import { given } from '../helpers/given'
import { upload } from '../helpers/pki'

/**
 * RFC 5280 CRL processing, held to OpenSSL: each case of rfc5280.json is a leaf, its chain and the
 * CRLs `openssl verify -crl_check -extended_crl -use_deltas` was given, and OpenSSL's verdict. The
 * registry imports the same CRLs, in order, and must agree: good only where OpenSSL says good (and
 * with a fresh CRL behind it), never good where OpenSSL says revoked, and a CRL OpenSSL will not
 * use is refused (or, expired, never makes a confirmed good).
 */
type Case = (typeof cases)[number]
const byName = Object.fromEntries(cases.map((c) => [c.case, c])) as Record<string, Case>

const ids: Record<string, string> = {}
const serials: Record<string, string> = {}
let rsaIssuerId: string

const status = async (leaf: string, issuer?: string) =>
  (
    await call(
      'GET',
      `/api/v1/status/${serials[leaf]}${issuer ? `?issuer=${encodeURIComponent(issuer)}` : ''}`,
      undefined,
      {},
      null
    )
  ).body

/** Whether the registry's answer says what OpenSSL said of the case. */
async function agrees(name: string) {
  const c = byName[name]
  const answer = await status(c.leaf)
  switch (c.openssl) {
    case 'good':
      return answer.status === 'good' && answer.crl !== null && !answer.crl.stale
    case 'revoked':
      return ['revoked', 'on_hold', 'issuer_revoked'].includes(answer.status)
    default: // OpenSSL would not use the CRL: the registry may not confirm the certificate good
      return answer.status !== 'good' || answer.crl === null || answer.crl.stale
  }
}

const crl = (name: string) => upload('/api/v1/crls', name)

beforeAll(async () => {
  const agency = await given.agency({ code: 'SXD', name: 'Sở Xây dựng' })
  const holder = await given.holder(agency.id, { fullName: 'Ngô Thị Ngọc' })
  for (const ca of [
    'root-ca.pem',
    'rsa-ca-ca.pem',
    'ec-ca-ca.pem',
    'dsa-ca-ca.pem',
    'stale-ca-ca.pem',
    'retired-ca-ca.pem',
  ]) {
    const res = await upload('/api/v1/issuers', ca)
    if (res.status !== 201) throw new Error(`${ca}: ${res.status} ${JSON.stringify(res.body)}`)
    if (ca === 'rsa-ca-ca.pem') rsaIssuerId = res.body.id
  }
  // The RSA CA's second key (rollover): the same name, so the same issuer.
  const rolled = await upload(`/api/v1/issuers/${rsaIssuerId}/certificates`, 'rsa-ca-2-ca.pem')
  if (rolled.status !== 201) throw new Error(`rollover: ${JSON.stringify(rolled.body)}`)
  for (const leaf of new Set([...cases.map((c) => c.leaf), 'binh-rsa'])) {
    const res = await upload('/api/v1/certificates', `${leaf}.pem`, {
      form: { kind: 'personal', holderId: holder.id },
    })
    if (res.status !== 201) throw new Error(`${leaf}: ${res.status} ${JSON.stringify(res.body)}`)
    ids[leaf] = res.body.id
    serials[leaf] = res.body.serial
  }
})

describe('CRL processing as RFC 5280 has it, held to OpenSSL', () => {
  it('learns where the CA publishes CRLs and answers OCSP from its subscribers’ certificates', async () => {
    const issuer = (await api.get(`/api/v1/issuers/${rsaIssuerId}`)).body
    expect(issuer.crlUrls).toContain('http://crl.registry.test/rsa-ca.crl')
    expect(issuer.ocspUrls).toContain('http://ocsp.registry.test/rsa-ca')
    expect(issuer.keys).toHaveLength(2)
    expect(issuer.keys.every((k: any) => /^[0-9A-F]{40}$/.test(k.keyId))).toBe(true)
  })

  it('keeps -1 and 255 apart, and puts certificates on hold (certificateHold) without revoking them', async () => {
    expect(serials['neg-rsa']).toBe('-01')
    expect(serials['ff-rsa']).toBe('FF')
    const imported = await crl('rsa-ca-10.crl')
    expect(imported.status, JSON.stringify(imported.body)).toBe(200)
    expect(imported.body.crl).toMatchObject({ number: '0A', scope: 'complete', held: 2 })
    expect(imported.body.newlyRevoked.map((r: any) => r.serial)).toContain('-01')
    expect(imported.body.held.map((r: any) => r.id).sort()).toEqual(
      [ids['hold-rsa'], ids['hold2-rsa']].sort()
    )
    for (const name of ['negative-serial', 'not-the-negative-one', 'on-hold'])
      expect(await agrees(name), name).toBe(true)
    expect(await status('ff-rsa')).toMatchObject({ status: 'good', revokedAt: null })
    const held = await status('hold-rsa')
    expect(held).toMatchObject({
      status: 'on_hold',
      holdAt: '2026-04-01T00:00:00.000Z',
      revokedAt: null,
    })
    expect(held.verdict).toMatch(/^Đang bị tạm dừng từ 01\/04\/2026/)
    const cert = (await api.get(`/api/v1/certificates/${ids['hold-rsa']}`)).body
    expect(cert).toMatchObject({ status: 'on_hold', revokedAt: null })
    // The invalidity date the CA wrote is kept, and answers "at" a moment use it.
    const neg = (await call('GET', `/api/v1/status/-01?at=2026-02-20`, undefined, {}, null)).body
    expect(neg).toMatchObject({
      status: 'revoked',
      invalidityDate: '2026-02-15T00:00:00.000Z',
      statusAt: 'revoked',
      reason: { code: 1 },
    })
  })

  it('refuses a CRL older than the one held, and a delta without its base, writing nothing', async () => {
    const before = await snapshot()
    expectProblem(await crl('rsa-ca-5-old.crl'), 409, 'crl-older')
    const orphan = expectProblem(await crl('rsa-ca-31-delta.crl'), 422, 'crl-base-missing')
    expect(orphan.detail).toContain('30')
    expect(await snapshot()).toEqual(before)
    expect(await agrees('older-never-overrides')).toBe(true)
    expect(await agrees('delta-without-its-base')).toBe(true)
  })

  it('applies a delta on its base: removeFromCRL releases a hold, and a hold becomes a revocation', async () => {
    const delta = await crl('rsa-ca-11-delta.crl')
    expect(delta.status, JSON.stringify(delta.body)).toBe(200)
    expect(delta.body.crl).toMatchObject({ scope: 'delta', deltaBase: '0A' })
    expect(delta.body.released.map((r: any) => r.id)).toEqual([ids['hold-rsa']])
    expect(delta.body.newlyRevoked.map((r: any) => r.id)).toEqual([ids['hold2-rsa']])
    expect(await agrees('hold-released-by-delta')).toBe(true)
    expect(await agrees('hold-made-revocation-by-delta')).toBe(true)
    expect(await status('hold2-rsa')).toMatchObject({ status: 'revoked', reason: { code: 1 } })
    // A revocation is final: a later complete CRL (RSA-PSS signed) that still lists it changes nothing.
    const pss = await crl('rsa-ca-12-pss.crl')
    expect(pss.status, JSON.stringify(pss.body)).toBe(200)
    expect(pss.body).toMatchObject({ newlyRevoked: [], released: [] })
    expect(await agrees('hold-released-by-complete-pss')).toBe(true)
  })

  it('refuses a CRL, or an entry, with a critical extension it does not know, naming it', async () => {
    const before = await snapshot()
    for (const [file, oid] of [
      ['rsa-ca-13-critical.crl', '1.3.6.1.4.1.55555.1.1'],
      ['rsa-ca-14-entry-critical.crl', '1.3.6.1.4.1.55555.1.2'],
    ]) {
      const refused = expectProblem(await crl(file), 422, 'crl-critical-extension')
      expect(refused.detail).toContain(oid)
    }
    expect(await snapshot()).toEqual(before)
    expect(await agrees('unknown-critical-extension')).toBe(true)
  })

  it('applies an indirect CRL’s entries to the CA they name, and answers serials it does not hold by the CA’s word', async () => {
    // A certificate of the RSA CA with the serial the indirect CRL lists for the ECDSA CA.
    const holder = (await api.get('/api/v1/holders?limit=1')).body.items[0]
    const twin = await given.certificate(holder.id, {
      serial: '0DDBA11',
      issuer: 'CN=CA phục vụ các cơ quan Nhà nước (thử nghiệm RSA),O=Ban Cơ yếu Chính phủ,C=VN',
    })
    const indirect = await crl('rsa-ca-15-indirect.crl')
    expect(indirect.status, JSON.stringify(indirect.body)).toBe(200)
    expect(indirect.body.crl.indirect).toBe(true)
    expect(indirect.body.newlyRevoked.map((r: any) => r.id)).toEqual([ids['thu-ec']])
    expect(await agrees('indirect-crl')).toBe(true)
    expect((await api.get(`/api/v1/certificates/${twin.id}`)).body.status).toBe('active')
    // The ECDSA CA's 0DDBA11 is not registered: asked with that issuer, the CA's word answers.
    const ec = 'CN=CA phục vụ các cơ quan Nhà nước (thử nghiệm ECDSA),O=Ban Cơ yếu Chính phủ,C=VN'
    const unheld = (
      await call(
        'GET',
        `/api/v1/status/0DDBA11?issuer=${encodeURIComponent(ec)}`,
        undefined,
        {},
        null
      )
    ).body
    expect(unheld).toMatchObject({
      status: 'revoked',
      registered: false,
      reason: { code: 9 },
      issuer: ec,
    })
    expect(unheld.verdict).toContain('không có trong sổ đăng ký')
  })

  it('verifies a CRL with the key that signed it after a rollover', async () => {
    const rolled = await crl('rsa-ca-2-1.crl')
    expect(rolled.status, JSON.stringify(rolled.body)).toBe(200)
    const keys = (await api.get(`/api/v1/issuers/${rsaIssuerId}`)).body.keys
    expect(rolled.body.crl.keyId).toBe(keys[1].id)
    expect(await agrees('rollover-key')).toBe(true)
  })

  it('refuses a DSA-signed CRL as an algorithm it cannot check, and never confirms its certificates', async () => {
    const before = await snapshot()
    const refused = expectProblem(await crl('dsa-ca.crl'), 422, 'crl-algorithm-unsupported')
    expect(refused.detail).toContain('DSA')
    expect(await snapshot()).toEqual(before)
    expect(await agrees('dsa-signature')).toBe(false) // OpenSSL says revoked; the registry cannot know
    const answer = await status('minh-dsa')
    expect(answer).toMatchObject({ status: 'good', crl: null })
    expect(answer.verdict).toContain('chưa đối chiếu được với CA')
  })

  it('imports a CRL long expired, and says the CA’s word is stale in every answer of its certificates', async () => {
    const stale = await crl('stale-ca.crl')
    expect(stale.status).toBe(200)
    expect(stale.body.stale).toBe(true)
    const answer = await status('tuan-stale')
    expect(answer.crl).toMatchObject({ nextUpdate: '2019-02-01T00:00:00.000Z', stale: true })
    expect(answer.verdict).toContain('quá hạn cập nhật từ 01/02/2019')
    expect(await agrees('expired-crl')).toBe(true)
    const english = (
      await call(
        'GET',
        `/api/v1/status/${serials['tuan-stale']}`,
        undefined,
        { 'accept-language': 'en' },
        null
      )
    ).body
    expect(english.verdict).toContain("the issuing CA's CRL is out of date since 01/02/2019")
  })

  it('does not answer good for a certificate whose issuing CA its own issuer revoked, naming that CA', async () => {
    expect((await crl('retired-ca.crl')).status).toBe(200)
    expect(await status('quang-retired')).toMatchObject({ status: 'good' })
    expect((await crl('root.crl')).status).toBe(200)
    const answer = await status('quang-retired')
    expect(answer).toMatchObject({
      status: 'issuer_revoked',
      issuerRevoked: { name: 'CA thử nghiệm đã bị thu hồi', reason: { code: 2 } },
    })
    expect(answer.verdict).toContain('CA thử nghiệm đã bị thu hồi')
    expect(await agrees('issuing-ca-revoked')).toBe(true)
  })

  it('keeps one row per certificate of the CA’s word, however many CRLs list it', async () => {
    const rows = await env.DB.prepare(
      'SELECT serial, count(*) AS n FROM ca_revocations GROUP BY issuer_id, serial HAVING n > 1'
    ).all()
    expect(rows.results).toEqual([])
    const crls = (await api.get(`/api/v1/crls?issuerId=${rsaIssuerId}`)).body.items
    expect(crls.map((c: any) => c.number).sort()).toEqual(['01', '0A', '0B', '0C', '0F'])
  })

  it('reconciles the CA and the registry both ways, as JSON and CSV, for the department only', async () => {
    // The department recorded a revocation in May that no CRL since has listed.
    const holder = (await api.get('/api/v1/holders?limit=1')).body.items[0]
    const forgotten = await given.certificate(holder.id, {
      serial: '5EE5EE',
      issuer: 'CN=CA phục vụ các cơ quan Nhà nước (thử nghiệm RSA),O=Ban Cơ yếu Chính phủ,C=VN',
      notBefore: '2025-06-01T00:00:00.000Z',
      notAfter: '2028-06-01T00:00:00.000Z',
    })
    const revoked = await api.post(`/api/v1/certificates/${forgotten.id}/revoke`, {
      reasonCode: 4,
      revokedAt: '2026-05-04T03:00:00.000Z',
    })
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200)
    const report = (await api.get('/api/v1/reports/reconciliation')).body
    expect(report.workingDays).toBe(3)
    expect(report.notOnCrl.map((r: any) => r.serial)).toEqual(['5EE5EE'])
    expect(report.notOnCrl[0]).toMatchObject({ reason: { code: 4 }, holderName: holder.fullName })
    const byCa = Object.fromEntries(report.revokedByCa.map((r: any) => [r.certificateId, r]))
    expect(byCa[ids['hold2-rsa']].crl.number).toBe('0B') // the delta made the hold a revocation
    expect(byCa[ids['thu-ec']]).toBeDefined() // the indirect CRL, for the ECDSA CA
    expect(report.revokedByCaCount).toBe(report.revokedByCa.length)
    // The ECDSA CA's DDBA11 (the indirect CRL) and the RSA CA's cuong-rsa, never recorded here;
    // the root's CRL lists a CA certificate, not a subscriber's: not counted.
    expect(
      Object.fromEntries(report.listedNotRegistered.map((l: any) => [l.issuer, l.count]))
    ).toEqual({
      'CA phục vụ các cơ quan Nhà nước (thử nghiệm ECDSA)': 1,
      'CA phục vụ các cơ quan Nhà nước (thử nghiệm RSA)': 1,
    })
    const csv = await call('GET', '/api/v1/reports/reconciliation?format=csv')
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csv.body).toContain('Sổ ghi đã thu hồi, CRL của CA chưa có')
    expect(csv.body).toContain('CA đã thu hồi, sổ ghi còn hiệu lực')
    expect(csv.body).toContain('số 11 ngày 01/05/2026 07:00:00')
    const officer = await api.post('/api/v1/keys', {
      name: 'officer',
      role: 'officer',
      agencyId: holder.agencyId,
    })
    expectProblem(
      await call('GET', '/api/v1/reports/reconciliation', undefined, {}, officer.body.secret),
      403
    )
  })
})
