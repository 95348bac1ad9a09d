import { describe, expect, it } from 'vitest'
import { api, auditOf, call, expectProblem, snapshot } from '../helpers/api'
import { given, iso } from '../helpers/given'

const assign = (deviceId: string, holderId: string, at?: string) =>
  api.post(`/api/v1/devices/${deviceId}/assign`, { holderId, handoverRef: 'BB-2026/01', at })

/** A device handed to a person whose active certificate is on it, then taken back. */
async function returnedWithCertificate() {
  const { agency, holder } = await given.person()
  const device = await given.device(agency.id)
  expect((await assign(device.id, holder.id)).status).toBe(200)
  const certificate = await given.certificate(holder.id, { deviceId: device.id })
  const back = await api.post(`/api/v1/devices/${device.id}/return`, { returnRef: 'BB-2026/02' })
  return { agency, holder, device, certificate, back }
}

describe('a device carries one holder’s keys', () => {
  it('answers the active certificates still on a returned device', async () => {
    const { certificate, back } = await returnedWithCertificate()
    expect(back.status).toBe(200)
    expect(back.body).toMatchObject({ status: 'in_stock', holderId: null })
    expect(back.body.certificatesOnDevice.map((c: any) => c.id)).toEqual([certificate.id])
  })

  it('refuses to hand it to someone else while another person’s certificate is on it, naming it, writing nothing', async () => {
    const { agency, holder, device, certificate } = await returnedWithCertificate()
    const other = await given.holder(agency.id, { fullName: 'Phạm Thị Hoa' })
    const before = await snapshot()
    const refused = expectProblem(await assign(device.id, other.id), 409, 'device-carries-other')
    expect(refused.detail).toContain(`${certificate.serial} (${holder.fullName})`)
    expect(await snapshot()).toEqual(before)
    // Its own holder may have it back; once the certificate is revoked, anyone.
    expect((await assign(device.id, holder.id)).status).toBe(200)
    await api.post(`/api/v1/devices/${device.id}/return`, {})
    await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode: 3 })
    expect((await assign(device.id, other.id)).status).toBe(200)
  })

  it('refuses to put a personal certificate on someone else’s device, by create and by edit', async () => {
    const { agency, holder } = await given.person()
    const other = await given.holder(agency.id, { fullName: 'Phạm Thị Hoa' })
    const device = await given.device(agency.id)
    await assign(device.id, other.id)
    const mine = await given.certificate(holder.id)
    const before = await snapshot()
    expectProblem(
      await api.post('/api/v1/certificates', {
        kind: 'personal',
        holderId: holder.id,
        serial: '5A0001',
        issuer: 'CN=CA,C=VN',
        subject: 'CN=A',
        notBefore: iso(-1),
        notAfter: iso(300),
        deviceId: device.id,
      }),
      409,
      'device-held-by-other'
    )
    expectProblem(
      await api.patch(`/api/v1/certificates/${mine.id}`, { deviceId: device.id }),
      409,
      'device-held-by-other'
    )
    expect(await snapshot()).toEqual(before)
  })

  it('reports a device lost and revokes everything on it in the same audited step (1, the loss as invalidity date)', async () => {
    const { agency, holder } = await given.person()
    const device = await given.device(agency.id)
    await assign(device.id, holder.id, iso(-10))
    const a = await given.certificate(holder.id, { deviceId: device.id })
    const seal = await given.certificate(
      (await given.holder(agency.id, { kind: 'organisation', fullName: 'Sở X' })).id,
      { kind: 'organisation', deviceId: device.id }
    )
    const lostAt = iso(-3)
    // Lost before it was handed over: refused, nothing written.
    const before = await snapshot()
    expect(
      expectProblem(
        await api.post(`/api/v1/devices/${device.id}/report-lost`, { at: iso(-11) }),
        422
      ).errors[0].path
    ).toBe('at')
    expect(await snapshot()).toEqual(before)
    const lost = await api.post(`/api/v1/devices/${device.id}/report-lost`, {
      at: lostAt,
      revokeCertificates: true,
    })
    expect(lost.status).toBe(200)
    expect(lost.body.revocationCandidates).toEqual([])
    expect(lost.body.revoked.map((c: any) => c.id).sort()).toEqual([a.id, seal.id].sort())
    for (const c of lost.body.revoked)
      expect(c).toMatchObject({ status: 'revoked', invalidityDate: lostAt, reason: { code: 1 } })
    // Between the loss and now, the certificate answers revoked.
    const then = await call(
      'GET',
      `/api/v1/status/${a.serial}?at=${encodeURIComponent(iso(-1))}`,
      undefined,
      {},
      null
    )
    expect(then.body.statusAt).toBe('revoked')
    expect((await auditOf(a.id)).map((e) => e.action)).toEqual([
      'certificate.create',
      'certificate.revoke',
    ])
  })

  it('without revokeCertificates, lists what is on the lost device to revoke', async () => {
    const { agency, holder } = await given.person()
    const device = await given.device(agency.id)
    await assign(device.id, holder.id)
    const a = await given.certificate(holder.id, { deviceId: device.id })
    const lost = await api.post(`/api/v1/devices/${device.id}/report-lost`, {})
    expect(lost.body.revocationCandidates.map((c: any) => c.id)).toEqual([a.id])
    expect(lost.body.revoked).toEqual([])
  })
})

describe('people move and leave', () => {
  it('a retirement answers what to revoke (5) and what to take back, and revokes it when asked', async () => {
    const { agency, holder, certificate } = await given.person()
    const device = await given.device(agency.id)
    await assign(device.id, holder.id)
    const left = await api.post(
      `/api/v1/holders/${holder.id}/leave`,
      { status: 'retired', note: 'Quyết định nghỉ hưu số 12/QĐ', revokeCertificates: true },
      { 'if-match': `"v${holder.version}"` }
    )
    expect(left.status).toBe(200)
    expect(left.body).toMatchObject({
      holder: { id: holder.id, status: 'retired' },
      reasonCode: 5,
      certificatesToRevoke: [],
    })
    expect(left.body.holder.leftAt).toBeTruthy()
    expect(left.body.revoked.map((c: any) => [c.id, c.reason.code])).toEqual([[certificate.id, 5]])
    expect(left.body.devicesToTakeBack.map((d: any) => d.id)).toEqual([device.id])
  })

  it('gives a holder who left no new certificate or device, and no second departure', async () => {
    const { agency, holder } = await given.person()
    await api.post(`/api/v1/holders/${holder.id}/leave`, { status: 'deceased' })
    const device = await given.device(agency.id)
    const before = await snapshot()
    expectProblem(
      await api.post('/api/v1/certificates', {
        kind: 'personal',
        holderId: holder.id,
        serial: '5A0002',
        issuer: 'CN=CA,C=VN',
        subject: 'CN=A',
        notBefore: iso(-1),
        notAfter: iso(300),
      }),
      409,
      'holder-left'
    )
    expect(expectProblem(await assign(device.id, holder.id), 409, 'holder-left').detail).toBe(
      'Nguyễn Văn An đã từ trần; không giao thêm chứng thư số hay thiết bị.'
    )
    expectProblem(
      await api.post(`/api/v1/holders/${holder.id}/leave`, { status: 'retired' }),
      409,
      'holder-left'
    )
    expect(await snapshot()).toEqual(before)
  })

  it('a move to another agency keeps the holder in post there and answers its old certificates (3)', async () => {
    const { holder, certificate } = await given.person()
    const to = await given.agency({ name: 'Sở Tài chính' })
    const moved = await api.post(`/api/v1/holders/${holder.id}/move`, { agencyId: to.id })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({
      holder: { agencyId: to.id, status: 'in_post', leftAt: null },
      reasonCode: 3,
    })
    expect(moved.body.certificatesToRevoke.map((c: any) => c.id)).toEqual([certificate.id])
    // The certificate stays with the agency it names, until revoked.
    expect((await api.get(`/api/v1/certificates/${certificate.id}`)).body.agencyId).toBe(
      certificate.agencyId
    )
    expectProblem(
      await api.patch(`/api/v1/holders/${holder.id}`, { agencyId: certificate.agencyId }),
      422
    )
  })
})
