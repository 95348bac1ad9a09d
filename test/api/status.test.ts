import { beforeAll, describe, expect, it } from 'vitest'
import { api, call, count, expectProblem, fetchWorker, snapshot } from '../helpers/api'
import { given, iso } from '../helpers/given'
import forgeries from '../fixtures/pki/forgeries.json'
import {
  fixture,
  fixtureText,
  LEAVES,
  openssl,
  OPENSSL_AT,
  registerIssuers,
  upload,
} from '../helpers/pki'

let ids: Record<string, string> = {}
let holderId: string
let orgHolderId: string

beforeAll(async () => {
  const agency = await given.agency({ code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' })
  holderId = (
    await given.holder(agency.id, {
      fullName: 'Nguyễn Văn An',
      nationalId: '001203004589',
      email: 'an@skhcn.gov.vn',
      phone: '0912345678',
    })
  ).id
  orgHolderId = (
    await given.holder(agency.id, {
      kind: 'organisation',
      fullName: 'Sở Nông nghiệp và Môi trường',
    })
  ).id
  await registerIssuers()
  // Every fixture leaf recorded from its file, alternating DER (.cer) and PEM.
  for (const [i, leaf] of LEAVES.entries()) {
    const file = i % 2 ? `${leaf}.pem` : `${leaf}.cer`
    const kind = leaf.startsWith('seal') ? 'organisation' : 'personal'
    const res = await upload('/api/v1/certificates', file, {
      form: { kind, holderId: kind === 'organisation' ? orgHolderId : holderId },
    })
    if (res.status !== 201) throw new Error(`${leaf}: ${res.status} ${JSON.stringify(res.body)}`)
    ids[leaf] = res.body.id
  }
})

describe('recording a certificate from its file', () => {
  it('takes serial, issuer, subject, validity and fingerprint from the file', async () => {
    const an = (await api.get(`/api/v1/certificates/${ids['an-rsa']}`)).body
    expect(an).toMatchObject({
      serial: '9F1E2D3C4B5A69788796A5B4C3D2E1F001020304', // 20 bytes, top bit set: no DER sign byte
      issuer: 'CN=CA phục vụ các cơ quan Nhà nước (thử nghiệm RSA),O=Ban Cơ yếu Chính phủ,C=VN',
      subject: 'CN=Nguyễn Văn An,OU=Sở Khoa học và Công nghệ,O=UBND tỉnh Minh Sơn,C=VN',
      notBefore: '2025-01-01T00:00:00.000Z',
      notAfter: '2029-12-31T00:00:00.000Z',
      holder: { id: holderId },
    })
    expect(an.fingerprint).toMatch(/^[0-9A-F]{64}$/)
  })

  it('refuses a form field that disagrees with the file, and a file that is no certificate, writing nothing', async () => {
    const before = await snapshot()
    const wrong = await upload('/api/v1/certificates', 'dung-ec.pem', {
      form: {
        kind: 'personal',
        holderId,
        serial: '01:02:03',
        issuer: 'C=VN,O=Ban Cơ yếu Chính phủ,CN=CA phục vụ các cơ quan Nhà nước (thử nghiệm ECDSA)',
      },
    })
    expect(expectProblem(wrong, 422, 'file-mismatch').errors.map((e: any) => e.path)).toEqual([
      'serial',
    ])
    for (const broken of ['not-a-certificate.txt', 'truncated.cer', 'garbage.pem'])
      expect(
        expectProblem(
          await upload('/api/v1/certificates', broken, { form: { kind: 'personal', holderId } }),
          422,
          'not-a-certificate'
        ).errors[0].path
      ).toBe('file')
    const duplicate = await upload('/api/v1/certificates', 'an-rsa.pem', {
      form: { kind: 'personal', holderId },
    })
    expect(['duplicate-serial', 'duplicate-fingerprint']).toContain(
      expectProblem(duplicate, 409).code
    )
    expect(await snapshot()).toEqual(before)
  })
})

describe('renewing from the new certificate file', () => {
  it('records the renewal from the file for the same holder and kind, and refuses one that runs too long, writing nothing', async () => {
    const old = await given.certificate(holderId, {
      serial: '0A0B0C0D',
      notBefore: '2026-01-01T00:00:00Z',
      notAfter: '2027-06-30T16:59:59Z',
    })
    // lan-rsa2 runs to 31/01/2030: within 3 years of the old end, and later.
    const renewed = await upload(`/api/v1/certificates/${old.id}/renew`, 'lan-rsa2.cer', {
      form: { note: '', kind: '', holderId: '' },
    })
    expect(renewed.status).toBe(201)
    expect(renewed.body).toMatchObject({
      holderId,
      kind: 'personal',
      replacesId: old.id,
      notAfter: '2030-01-31T00:00:00.000Z',
    })
    expect((await api.get(`/api/v1/certificates/${old.id}`)).body.replacedById).toBe(
      renewed.body.id
    )

    const short = await given.certificate(holderId, {
      serial: '0A0B0C0E',
      notBefore: '2025-01-01T00:00:00Z',
      notAfter: '2026-12-01T16:59:59Z',
    })
    const before = await snapshot()
    expectProblem(
      await upload(`/api/v1/certificates/${short.id}/renew`, 'neg-rsa.cer', { form: {} }),
      422,
      'invalid-validity'
    )
    expect(await snapshot()).toEqual(before)
  })
})

describe('the public status answer', () => {
  it('answers good with validity, days left and agency, and no personal data', async () => {
    const res = await call(
      'GET',
      '/api/v1/status/9f:1e:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0:01:02:03:04',
      undefined,
      {},
      null
    )
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'good',
      serial: '9F1E2D3C4B5A69788796A5B4C3D2E1F001020304',
      holderName: 'Nguyễn Văn An',
      kind: 'personal',
      agency: { name: 'Sở Khoa học và Công nghệ', code: 'SKHCN' },
      notAfter: '2029-12-31T00:00:00.000Z',
      revokedAt: null,
      reason: null,
      replacedBy: null,
    })
    expect(res.body.verdict).toMatch(/^Còn hiệu lực đến 31\/12\/2029 \(còn [\d.]+ ngày\)/)
    // No CRL of its issuer imported yet: good, but not confirmed with the CA, and it says so.
    expect(res.body.crl).toBeNull()
    expect(res.body.verdict).toContain('chưa đối chiếu được với CA')
    expect(res.headers.get('cache-control')).toBe('no-store')
    for (const secret of ['001203004589', 'an@skhcn.gov.vn', '0912345678'])
      expect(JSON.stringify(res.body)).not.toContain(secret)
  })

  it('answers unknown (not 404) for a serial nobody registered, in English when asked', async () => {
    const res = await call(
      'GET',
      '/api/v1/status/DEADBEEF',
      undefined,
      { 'accept-language': 'en-GB,en;q=0.9,vi;q=0.5' },
      null
    )
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'unknown',
      serial: 'DEADBEEF',
      verdict: 'Not in the registry',
      agency: null,
    })
    expect(res.headers.get('content-language')).toBe('en')
  })

  it('says whether it was valid at a moment: revoked later means good then', async () => {
    const { holder } = await given.person()
    const cert = await given.certificate(holder.id, { notBefore: iso(-100), notAfter: iso(200) })
    await api.post(`/api/v1/certificates/${cert.id}/revoke`, { reasonCode: 1, revokedAt: iso(-10) })
    const ask = (at: string) =>
      call('GET', `/api/v1/status/${cert.serial}?at=${encodeURIComponent(at)}`, undefined, {}, null)
    const before = iso(-20)
    expect((await ask(before)).body).toMatchObject({
      status: 'revoked',
      statusAt: 'good',
      at: before,
    })
    expect((await ask(iso(-5))).body).toMatchObject({
      status: 'revoked',
      statusAt: 'revoked',
      reason: { code: 1, cause: 'Khóa bí mật bị lộ hoặc nghi bị lộ; mất thiết bị lưu khóa bí mật' },
    })
    expect((await ask(iso(-150))).body.statusAt).toBe('not_yet_valid')
    // A date means 00:00 that day, Vietnam time.
    const day = (await ask('2025-02-03')).body
    expect(day.at).toBe('2025-02-02T17:00:00.000Z')
    expectProblem(await ask('2025-02-30'), 400)
    expectProblem(await ask('yesterday'), 400)
  })

  it('shows a revocation to the very next status read (nothing is cached)', async () => {
    const { holder } = await given.person()
    const cert = await given.certificate(holder.id)
    expect(
      (await call('GET', `/api/v1/status/${cert.serial}`, undefined, {}, null)).body.status
    ).toBe('good')
    await api.post(`/api/v1/certificates/${cert.id}/revoke`, { reasonCode: 5 })
    expect(
      (await call('GET', `/api/v1/status/${cert.serial}`, undefined, {}, null)).body
    ).toMatchObject({ status: 'revoked', reason: { code: 5 } })
  })

  it('names the issuers to choose from when several registered certificates share a serial', async () => {
    const { holder } = await given.person()
    // Two registered CAs may each have issued one serial.
    for (const dn of ['CN=CA Một,C=VN', 'CN=CA Hai,C=VN']) await api.post('/api/v1/issuers', { dn })
    await given.certificate(holder.id, { serial: 'AB:CD:EF:99', issuer: 'CN=CA Một,C=VN' })
    const other = await given.certificate(holder.id, {
      serial: 'ABCDEF99',
      issuer: 'CN=CA Hai,C=VN',
    })
    const problem = expectProblem(
      await call('GET', '/api/v1/status/ABCDEF99', undefined, {}, null),
      400,
      'issuer-required'
    )
    expect(problem.issuers.sort()).toEqual(['CN=CA Hai,C=VN', 'CN=CA Một,C=VN'])
    const chosen = await call(
      'GET',
      `/api/v1/status/ABCDEF99?issuer=${encodeURIComponent('C=VN, CN=CA Hai')}`,
      undefined,
      {},
      null
    )
    expect(chosen.body).toMatchObject({
      status: 'good',
      issuer: 'CN=CA Hai,C=VN',
      notAfter: other.notAfter,
    })
  })

  it('names the successor of a renewed certificate', async () => {
    const { certificate } = await given.person()
    const next = await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
      serial: 'C0FFEE01',
      issuer: 'CN=CA,C=VN',
      subject: 'CN=A',
      notBefore: iso(0),
      notAfter: iso(700),
    })
    const res = await call('GET', `/api/v1/status/${certificate.serial}`, undefined, {}, null)
    expect(res.body.replacedBy).toEqual({ serial: 'C0FFEE01', notAfter: next.body.notAfter })
  })
})

describe('checking many serials, or a certificate file', () => {
  it('answers up to 1,000 serials at once, with ambiguous ones naming their issuers', async () => {
    const serials = [
      openssl('an-rsa').serial,
      'deadbeef',
      { serial: openssl('dung-ec').serial },
      ...Array.from({ length: 300 }, (_, i) => (0x10000 + i).toString(16)),
    ]
    const res = await call('POST', '/api/v1/status/check', { serials }, {}, null)
    expect(res.status).toBe(200)
    expect(res.body.items).toHaveLength(303)
    expect(res.body.items.slice(0, 3).map((i: any) => i.status)).toEqual([
      'good',
      'unknown',
      'good',
    ])
    const before = await snapshot()
    expect(
      expectProblem(
        await call('POST', '/api/v1/status/check', { serials: Array(1001).fill('AB') }, {}, null),
        422
      ).errors[0].path
    ).toBe('serials')
    expect(
      expectProblem(
        await call('POST', '/api/v1/status/check', { serials: ['AB', 'not hex'] }, {}, null),
        422
      ).errors[0].path
    ).toBe('serials.1')
    expect(await snapshot()).toEqual(before)
  })

  it('answers a certificate file with its registered status and whether it is the very certificate on record', async () => {
    const res = await upload('/api/v1/status/check', 'an-rsa.cer', { token: null })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'good',
      registered: true,
      fingerprintMatches: true,
      file: { serial: openssl('an-rsa').serial },
    })
    const pem = await upload('/api/v1/status/check', 'dung-ec.pem', { token: null, form: {} })
    expect(pem.body).toMatchObject({ registered: true, fingerprintMatches: true })
    await api.patch(`/api/v1/certificates/${ids['seal-rsa']}`, {}) // untouched
    const before = await snapshot()
    for (const broken of ['not-a-certificate.txt', 'truncated.cer', 'garbage.pem'])
      expectProblem(
        await upload('/api/v1/status/check', broken, { token: null }),
        422,
        'not-a-certificate'
      )
    expect(await snapshot()).toEqual(before)
  })

  it('says when the file is not the certificate on record (same serial and issuer, other fingerprint)', async () => {
    const { holder } = await given.person()
    const text = fixtureText('root-ca.pem')
    expect(text).toContain('BEGIN CERTIFICATE')
    await given.certificate(holder.id, {
      serial: '7777',
      issuer: 'CN=Nobody,C=VN',
      fingerprint: 'AA'.repeat(32),
    })
    const res = await upload('/api/v1/status/check', 'root-ca.pem', { token: null })
    expect(res.body).toMatchObject({
      status: 'unknown',
      registered: false,
      fingerprintMatches: null,
    })
  })
})

describe('a file answer is about that very file', () => {
  it('answers mismatch, never good, for a forged certificate carrying a registered serial (OpenSSL: forged)', async () => {
    expect(forgeries['forged-an']).toBe('forged')
    const res = await upload('/api/v1/status/check', 'forged-an.cer', { token: null })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'mismatch',
      registered: true,
      fingerprintMatches: false,
      holderName: null,
      agency: null,
      verdict:
        'Tệp này không phải chứng thư số đã đăng ký với số hiệu này: không thể dùng để xác nhận chữ ký',
      file: {
        serial: openssl('an-rsa').serial,
        subject: 'CN=Nguyễn Văn An,OU=Sở Khoa học và Công nghệ,O=UBND tỉnh Minh Sơn,C=VN',
      },
    })
    // The public page agrees: not green, and says what was read from the file.
    const form = new FormData()
    form.set('file', new File([fixture('forged-an.cer')], 'forged-an.cer'))
    const page = await fetchWorker('http://registry.test/', { method: 'POST', body: form })
    const html = await page.text()
    expect(html).toContain('class="verdict mismatch"')
    expect(html).toContain('Không phải chứng thư số đã đăng ký')
    expect(html).not.toContain('verdict good')
  })

  it('where no fingerprint is on record, takes the file only when its signature verifies with a registered key of its issuer', async () => {
    expect(forgeries['khanh-rsa']).toBe('good')
    expect(forgeries['forged-khanh']).toBe('forged')
    const khanh = await api.post('/api/v1/certificates', {
      kind: 'personal',
      holderId,
      serial: '5A6B7C8D9EA0B1C2D3E4F5061728394A5B6C7D8E',
      issuer: 'CN=CA phục vụ các cơ quan Nhà nước (thử nghiệm RSA),O=Ban Cơ yếu Chính phủ,C=VN',
      subject: 'CN=Trịnh Văn Khánh,OU=Sở Nội vụ,O=UBND tỉnh Minh Sơn,C=VN',
      notBefore: '2025-01-01T00:00:00Z',
      notAfter: '2029-12-31T00:00:00Z',
    })
    expect(khanh.body.fingerprint).toBeNull()
    const real = await upload('/api/v1/status/check', 'khanh-rsa.pem', { token: null })
    expect(real.body).toMatchObject({
      status: 'good',
      fingerprintMatches: null,
      signatureVerified: true,
    })
    const forged = await upload('/api/v1/status/check', 'forged-khanh.pem', { token: null })
    expect(forged.body).toMatchObject({ status: 'mismatch', signatureVerified: false })
  })

  it('answers a megabyte of hostile PEM with a 4xx in well under a second, and refuses an oversized form', async () => {
    const bomb = '-----BEGIN CERTIFICATE-----\n'.repeat(Math.ceil((1024 * 1024) / 28))
    const started = Date.now()
    const res = await call(
      'POST',
      '/api/v1/status/check',
      bomb,
      { 'content-type': 'application/x-pem-file' },
      null
    )
    expect(Date.now() - started).toBeLessThan(1000)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    const small = '-----BEGIN CERTIFICATE-----\n'.repeat(500) // under the certificate cap: parsed, refused
    expectProblem(
      await call(
        'POST',
        '/api/v1/status/check',
        small,
        { 'content-type': 'application/x-pem-file' },
        null
      ),
      422,
      'not-a-certificate'
    )
    // The public HTML form reads no body larger than its limit.
    const huge = new FormData()
    huge.set('file', new File([new Uint8Array(2 * 1024 * 1024)], 'big.cer'))
    const page = await fetchWorker('http://registry.test/', { method: 'POST', body: huge })
    expect(page.status).toBe(413)
  })
})

describe('importing the CA’s CRL', () => {
  it('refuses a CRL from an unknown issuer or with a forged signature, and garbage, writing nothing', async () => {
    const before = await snapshot()
    expectProblem(await upload('/api/v1/crls', 'stranger.crl'), 422, 'unknown-issuer')
    expectProblem(await upload('/api/v1/crls', 'impostor.crl'), 422, 'crl-signature-invalid')
    expectProblem(await upload('/api/v1/crls', 'not-a-certificate.txt'), 422, 'not-a-crl')
    expectProblem(await upload('/api/v1/crls', 'an-rsa.cer'), 422, 'not-a-crl')
    expect(await snapshot()).toEqual(before)
    expectProblem(await upload('/api/v1/crls', 'rsa-ca.crl', { token: null }), 401)
  })

  it('revokes every listed registered certificate with the CRL time and reason; the same CRL twice changes nothing', async () => {
    const first = await upload('/api/v1/crls', 'rsa-ca.crl.der')
    expect(first.status).toBe(200)
    expect(first.body.alreadyImported).toBe(false)
    expect(first.body.newlyRevoked.map((r: any) => r.id).sort()).toEqual(
      [ids['binh-rsa'], ids['cuong-rsa']].sort()
    )
    expect(first.body.notRegistered).toEqual([])
    const binh = (await api.get(`/api/v1/certificates/${ids['binh-rsa']}`)).body
    expect(binh).toMatchObject({ status: 'revoked', reason: { code: 1, name: 'keyCompromise' } })
    expect(binh.revocationNote).toMatch(/^CRL số 1 của CA phục vụ/)
    expect((await api.get(`/api/v1/certificates/${ids['cuong-rsa']}`)).body.reason.code).toBe(3)

    const before = await snapshot()
    const again = await upload('/api/v1/crls', 'rsa-ca.crl') // the same CRL, as PEM this time
    expect(again.body).toMatchObject({ alreadyImported: true, newlyRevoked: [] })
    expect(await snapshot()).toEqual(before)

    // A later CRL that no longer lists a certificate does not un-revoke it.
    const later = await upload('/api/v1/crls', 'rsa-ca-later.crl')
    expect(later.body).toMatchObject({ alreadyImported: false, newlyRevoked: [] })
    expect((await api.get(`/api/v1/certificates/${ids['binh-rsa']}`)).body.status).toBe('revoked')
    expect(await count('crls')).toBe(2)
    expect((await api.get('/api/v1/audit?action=crl.import')).body.items).toHaveLength(2)

    // The CA's word cannot be corrected away.
    const unchanged = await snapshot()
    expectProblem(
      await api.post(`/api/v1/certificates/${ids['binh-rsa']}/correct`, {
        reason: 'Thu hồi nhầm',
      }),
      409,
      'revocation-on-crl'
    )
    expect(await snapshot()).toEqual(unchanged)
  })

  it('agrees with `openssl verify -crl_check` on every fixture certificate', async () => {
    const ec = await upload('/api/v1/crls', 'ec-ca.crl')
    expect(ec.body.newlyRevoked.map((r: any) => r.id).sort(), JSON.stringify(ec.body)).toEqual(
      [ids['giang-ec'], ids['hai-ec']].sort()
    )
    for (const leaf of LEAVES) {
      const res = await call(
        'GET',
        `/api/v1/status/${openssl(leaf).serial}?at=${OPENSSL_AT}`,
        undefined,
        {},
        null
      )
      expect(res.body.statusAt, leaf).toBe(openssl(leaf).openssl)
    }
  })
})

describe('abuse limits on the public status routes', () => {
  it('answers 429 with Retry-After past 120 requests a minute from one client, and not to others', async () => {
    const me = { 'cf-connecting-ip': '203.0.113.77' }
    // The limit is a fixed 60 s window: 120 answers before the first refusal, or up to twice that
    // when the requests happen to straddle the window's end.
    let answered = 0
    let limited = await call('GET', '/api/v1/status/DEADBEEF', undefined, me, null)
    while (limited.status === 200 && answered < 241) {
      answered++
      limited = await call('GET', '/api/v1/status/DEADBEEF', undefined, me, null)
    }
    expect(answered).toBeGreaterThanOrEqual(120)
    expect(answered).toBeLessThanOrEqual(240)
    expectProblem(limited, 429, 'rate-limited')
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(
      (
        await call(
          'GET',
          '/api/v1/status/DEADBEEF',
          undefined,
          { 'cf-connecting-ip': '203.0.113.78' },
          null
        )
      ).status
    ).toBe(200)
  })
})
