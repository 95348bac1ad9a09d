import { describe, expect, it } from 'vitest'
import { api, auditOf, call, expectProblem, snapshot } from '../helpers/api'
import { given, iso, newSerial } from '../helpers/given'

const ISSUER = 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN'
const next = (fields: Record<string, unknown> = {}) => ({
  serial: newSerial(),
  issuer: ISSUER,
  subject: 'CN=Nguyễn Văn An,C=VN',
  notBefore: iso(0),
  notAfter: iso(700),
  ...fields,
})
const status = (serial: string, at?: string) =>
  call(
    'GET',
    `/api/v1/status/${serial}${at ? `?at=${encodeURIComponent(at)}` : ''}`,
    undefined,
    {},
    null
  )

describe('renewal: only of a certificate still valid', () => {
  it('refuses an expired, a revoked and an already replaced certificate (a new issue is needed), writing nothing', async () => {
    const { holder } = await given.person()
    const expired = await given.certificate(holder.id, { notBefore: iso(-400), notAfter: iso(-1) })
    const revoked = await given.certificate(holder.id)
    await api.post(`/api/v1/certificates/${revoked.id}/revoke`, { reasonCode: 3 })
    const replaced = await given.certificate(holder.id)
    expect((await api.post(`/api/v1/certificates/${replaced.id}/renew`, next())).status).toBe(201)
    const before = await snapshot()
    const refused = expectProblem(
      await api.post(`/api/v1/certificates/${expired.id}/renew`, next()),
      409,
      'renewal-needs-valid'
    )
    expect(refused.detail).toBe(
      `Chứng thư số ${expired.serial} đã hết hạn nên không gia hạn được; cần đề nghị cấp mới.`
    )
    expect(
      expectProblem(
        await call('POST', `/api/v1/certificates/${revoked.id}/renew`, next(), {
          'accept-language': 'en',
        }),
        409,
        'renewal-needs-valid'
      ).detail
    ).toBe(
      `Certificate ${revoked.serial} is revoked and cannot be renewed; a new issue (cấp mới) is needed.`
    )
    expectProblem(
      await api.post(`/api/v1/certificates/${replaced.id}/renew`, next()),
      409,
      'certificate-replaced'
    )
    expect(await snapshot()).toEqual(before)
  })

  it('lets the renewed certificate run out, linked as a renewal', async () => {
    const { certificate } = await given.person()
    const renewal = (
      await api.post(`/api/v1/certificates/${certificate.id}/renew`, next({ notBefore: iso(300) }))
    ).body
    expect(renewal).toMatchObject({ replacesId: certificate.id, replacement: 'renewal' })
    expect((await api.get(`/api/v1/certificates/${certificate.id}`)).body).toMatchObject({
      status: 'active',
      replacedById: renewal.id,
      revokedAt: null,
    })
  })
})

describe('re-issue after a change of details or a damaged or lost device', () => {
  it('revokes the replaced certificate (4, superseded) from the successor’s start, in the same batch', async () => {
    const { holder, certificate } = await given.person()
    const start = iso(-2)
    const reissue = await api.post(
      '/api/v1/certificates',
      next({
        kind: 'personal',
        holderId: holder.id,
        notBefore: start,
        replacesId: certificate.id,
        replacement: 'change',
      })
    )
    expect(reissue.status).toBe(201)
    expect(reissue.body).toMatchObject({ replacesId: certificate.id, replacement: 'change' })
    const old = (await api.get(`/api/v1/certificates/${certificate.id}`)).body
    expect(old).toMatchObject({
      status: 'revoked',
      revokedAt: start,
      replacedById: reissue.body.id,
      reason: { code: 4, name: 'superseded' },
    })
    expect((await status(certificate.serial)).body.status).toBe('revoked')
    expect((await status(certificate.serial, iso(-3))).body.statusAt).toBe('good')
    expect((await auditOf(certificate.id)).map((e) => e.action)).toEqual([
      'certificate.create',
      'certificate.replace',
    ])
    // It leaves the reminders: only the successor is expiring.
    const expiring = await api.get(
      `/api/v1/certificates?holderId=${holder.id}&status=expiring&days=800`
    )
    expect(expiring.body.items.map((c: any) => c.id)).toEqual([reissue.body.id])
  })

  it('needs the kind of replacement, and refuses to replace an expired certificate', async () => {
    const { holder, certificate } = await given.person()
    const expired = await given.certificate(holder.id, { notBefore: iso(-400), notAfter: iso(-1) })
    const before = await snapshot()
    const body = next({ kind: 'personal', holderId: holder.id })
    expect(
      expectProblem(
        await api.post('/api/v1/certificates', { ...body, replacesId: certificate.id }),
        422
      ).errors[0].path
    ).toBe('replacement')
    expectProblem(
      await api.post('/api/v1/certificates', {
        ...body,
        replacesId: expired.id,
        replacement: 'device',
      }),
      409,
      'reissue-needs-valid'
    )
    expect(await snapshot()).toEqual(before)
  })
})

describe('revocation time and invalidity date', () => {
  it('refuses a revocation dated before the certificate was valid, or an invalidity date after it, writing nothing', async () => {
    const { certificate } = await given.person() // valid from 30 days ago
    const before = await snapshot()
    const early = expectProblem(
      await api.post(`/api/v1/certificates/${certificate.id}/revoke`, {
        reasonCode: 1,
        revokedAt: iso(-31),
      }),
      422,
      'invalid-revocation'
    )
    expect(early.errors).toEqual([
      expect.objectContaining({ path: 'revokedAt', field: 'Thời điểm thu hồi' }),
    ])
    expectProblem(
      await api.post(`/api/v1/certificates/${certificate.id}/revoke`, {
        reasonCode: 1,
        revokedAt: iso(-5),
        invalidityDate: iso(-2),
      }),
      422,
      'invalid-revocation'
    )
    expectProblem(
      await api.post(`/api/v1/certificates/${certificate.id}/revoke`, {
        reasonCode: 1,
        invalidityDate: iso(-40),
      }),
      422,
      'invalid-revocation'
    )
    expect(await snapshot()).toEqual(before)
  })

  it('keeps the invalidity date apart: a moment between it and the revocation answers revoked, with both dates', async () => {
    const { certificate } = await given.person()
    const [revokedAt, invalidityDate] = [iso(-2), iso(-10)]
    const revoked = await api.post(`/api/v1/certificates/${certificate.id}/revoke`, {
      reasonCode: 1,
      revokedAt,
      invalidityDate,
    })
    expect(revoked.body).toMatchObject({ revokedAt, invalidityDate })
    const between = (await status(certificate.serial, iso(-5))).body
    expect(between).toMatchObject({ statusAt: 'revoked', revokedAt, invalidityDate })
    expect(between.verdictAt).toMatch(/^Đã thu hồi ngày \d\d\/\d\d\/\d{4} \(khóa mất an toàn từ/)
    expect((await status(certificate.serial, iso(-11))).body.statusAt).toBe('good')
  })
})

describe('dates without a time', () => {
  it('mean the start of the Vietnam day for notBefore and its end (23:59:59 +07:00) for notAfter', async () => {
    const { holder } = await given.person()
    const created = await api.post('/api/v1/certificates', {
      kind: 'personal',
      holderId: holder.id,
      serial: newSerial(),
      issuer: ISSUER,
      subject: 'CN=Nguyễn Văn An',
      notBefore: '2026-01-01',
      notAfter: '2026-12-31',
    })
    expect(created.body).toMatchObject({
      notBefore: '2025-12-31T17:00:00.000Z',
      notAfter: '2026-12-31T16:59:59.000Z',
    })
    // Valid all through its last day, in Vietnam time.
    const lastEvening = (await status(created.body.serial, '2026-12-31T23:30:00+07:00')).body
    expect(lastEvening.statusAt).toBe('good')
    expect((await status(created.body.serial, '2027-01-01')).body.statusAt).toBe('expired')
    expectProblem(
      await api.post('/api/v1/certificates', {
        kind: 'personal',
        holderId: holder.id,
        serial: newSerial(),
        issuer: ISSUER,
        subject: 'CN=X',
        notBefore: '2026-02-30',
        notAfter: '2026-12-31',
      }),
      422
    )
  })
})

describe('certificates for devices, services and software (Mẫu 03)', () => {
  it('are a kind of their own, held by an organisation unit, revoked with 5 when the system ceases', async () => {
    const agency = await given.agency()
    const system = await given.holder(agency.id, {
      kind: 'organisation',
      fullName: 'Hệ thống một cửa điện tử',
    })
    const person = await given.holder(agency.id)
    const cert = await given.certificate(system.id, {
      kind: 'device_service',
      subject: 'CN=motcua.example.gov.vn,O=Sở Khoa học và Công nghệ,C=VN',
    })
    expect(cert).toMatchObject({ kind: 'device_service', holderId: system.id })
    expect(
      expectProblem(
        await api.post('/api/v1/certificates', {
          ...next(),
          kind: 'device_service',
          holderId: person.id,
        }),
        422
      ).errors[0]
    ).toMatchObject({ path: 'holderId' })
    const revoked = await api.post(`/api/v1/certificates/${cert.id}/revoke`, {
      reasonCode: 5,
      note: 'Hệ thống ngừng hoạt động',
    })
    expect(revoked.body.reason).toMatchObject({ code: 5, name: 'cessationOfOperation' })
    const summary = (await api.get(`/api/v1/reports/summary?agencyId=${agency.id}`)).body
    expect(summary.certificates.device_service.revoked).toBe(1)
  })
})

describe('corrections', () => {
  it('undoes a revocation recorded on the wrong certificate, audited with the reason', async () => {
    const { certificate } = await given.person()
    await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode: 3 })
    const before = await snapshot()
    expectProblem(await api.post(`/api/v1/certificates/${certificate.id}/correct`, {}), 422)
    expect(await snapshot()).toEqual(before)
    const corrected = await api.post(`/api/v1/certificates/${certificate.id}/correct`, {
      reason: 'Thu hồi nhầm chứng thư số của người cùng tên',
    })
    expect(corrected.status).toBe(200)
    expect(corrected.body).toMatchObject({ status: 'active', revokedAt: null, reason: null })
    const entry = (await auditOf(certificate.id)).pop()!
    expect(entry.action).toBe('certificate.correct')
    expect(JSON.parse(entry.before).revokedAt).not.toBeNull()
    expect(JSON.parse(entry.after)).toMatchObject({
      revokedAt: null,
      reason: 'Thu hồi nhầm chứng thư số của người cùng tên',
    })
    expectProblem(
      await api.post(`/api/v1/certificates/${certificate.id}/correct`, { reason: 'lần nữa' }),
      409,
      'not-revoked'
    )
  })
})
