import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, auditOf, count, expectProblem, snapshot } from '../helpers/api'
import { given, iso } from '../helpers/given'

describe('devices and their custody ledger', () => {
  it('hands a device over and takes it back, each a dated ledger entry with the record number', async () => {
    const { agency, holder } = await given.person()
    const other = await given.agency()
    const device = await given.device(other.id, { serial: 'vgca-tk-2025-00123' })
    expect(device).toMatchObject({
      serial: 'VGCA-TK-2025-00123',
      status: 'in_stock',
      holderId: null,
    })
    const assigned = await api.post(
      `/api/v1/devices/${device.id}/assign`,
      { holderId: holder.id, handoverRef: 'BB-2025/117', at: iso(-3) },
      { 'if-match': '"v1"' }
    )
    expect(assigned.status).toBe(200)
    expect(assigned.body).toMatchObject({
      status: 'assigned',
      holderId: holder.id,
      agencyId: agency.id,
      version: 2,
    })
    const returned = await api.post(`/api/v1/devices/${device.id}/return`, {
      note: 'Chuyển công tác',
    })
    expect(returned.body).toMatchObject({ status: 'in_stock', holderId: null, version: 3 })
    const detail = await api.get(`/api/v1/devices/${device.id}`)
    expect(detail.body.custody).toHaveLength(1)
    expect(detail.body.custody[0]).toMatchObject({
      holderId: holder.id,
      holderName: 'Nguyễn Văn An',
      handoverRef: 'BB-2025/117',
      returnNote: 'Chuyển công tác',
      closedBy: 'return',
      assignedAt: iso(-3).slice(0, 16) + detail.body.custody[0].assignedAt.slice(16),
    })
    expect(detail.body.custody[0].returnedAt).not.toBeNull()
    expect((await auditOf(device.id)).map((a) => a.action)).toEqual([
      'device.create',
      'device.assign',
      'device.return',
    ])
  })

  it('refuses to hand over a device that has a holder, and writes nothing', async () => {
    const { agency, holder } = await given.person()
    const second = await given.holder(agency.id, { fullName: 'Lý Thu Hà' })
    const device = await given.device(agency.id)
    await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: holder.id })
    const before = await snapshot()
    expect(
      expectProblem(
        await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: second.id }),
        409,
        'device-not-available'
      ).detail
    ).toMatch(/đang có người giữ/)
    expect(await snapshot()).toEqual(before)
  })

  it('lets exactly one of two concurrent hand-overs win (one open ledger entry)', async () => {
    const { agency, holder } = await given.person()
    const second = await given.holder(agency.id, { fullName: 'Lý Thu Hà' })
    const device = await given.device(agency.id)
    const answers = await Promise.all(
      [holder, second].map((h) =>
        api.post(`/api/v1/devices/${device.id}/assign`, { holderId: h.id })
      )
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    expect(
      await count('device_assignments', 'device_id = ?1 AND returned_at IS NULL', device.id)
    ).toBe(1)
    const winner = answers.find((a) => a.status === 200)!.body.holderId
    expect((await api.get(`/api/v1/devices/${device.id}`)).body.holderId).toBe(winner)
  })

  it('the database itself refuses a second open ledger entry for one device', async () => {
    const { agency, holder } = await given.person()
    const device = await given.device(agency.id)
    await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: holder.id })
    const insert = env.DB.prepare(
      "INSERT INTO device_assignments (id, device_id, holder_id, assigned_at) VALUES ('asg_x', ?1, ?2, '2026-01-01T00:00:00.000Z')"
    ).bind(device.id, holder.id)
    await expect(insert.run()).rejects.toThrow(
      /UNIQUE constraint failed: device_assignments.device_id/
    )
  })

  it('reports a device lost: closes custody, and lists its active certificates as revocation candidates', async () => {
    const { agency, holder } = await given.person()
    const device = await given.device(agency.id)
    const onIt = await given.certificate(holder.id, { deviceId: device.id })
    const revoked = await given.certificate(holder.id, { deviceId: device.id })
    await api.post(`/api/v1/certificates/${revoked.id}/revoke`, { reasonCode: 4 })
    await given.certificate(holder.id, {
      deviceId: device.id,
      notBefore: iso(-400),
      notAfter: iso(-1),
    })
    await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: holder.id })
    const lost = await api.post(`/api/v1/devices/${device.id}/report-lost`, {
      note: 'Mất trong chuyến công tác',
    })
    expect(lost.status).toBe(200)
    expect(lost.body.device).toMatchObject({ status: 'lost', holderId: null })
    expect(lost.body.revocationCandidates.map((c: any) => c.id)).toEqual([onIt.id])
    const ledger = (await api.get(`/api/v1/devices/${device.id}`)).body.custody
    expect(ledger[0]).toMatchObject({ closedBy: 'lost', returnNote: 'Mất trong chuyến công tác' })
    const before = await snapshot()
    expectProblem(
      await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: holder.id }),
      409,
      'device-not-available'
    )
    expectProblem(
      await api.post(`/api/v1/devices/${device.id}/report-lost`, {}),
      409,
      'device-not-available'
    )
    expectProblem(
      await api.post(`/api/v1/devices/${device.id}/return`, {}),
      409,
      'device-not-assigned'
    )
    expectProblem(
      await api.post('/api/v1/certificates', {
        kind: 'personal',
        serial: 'ABCDEF01',
        issuer: 'CN=X',
        subject: 'CN=Y',
        holderId: holder.id,
        deviceId: device.id,
        notBefore: iso(0),
        notAfter: iso(10),
      }),
      409,
      'device-not-available'
    )
    expect(await snapshot()).toEqual(before)
  })

  it('changes status only along the allowed edits; retired never comes back', async () => {
    const { agency, holder } = await given.person()
    const device = await given.device(agency.id)
    expect(
      (await api.patch(`/api/v1/devices/${device.id}`, { status: 'damaged' })).body.status
    ).toBe('damaged')
    expectProblem(
      await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: holder.id }),
      409,
      'device-not-available'
    )
    expect(
      (await api.patch(`/api/v1/devices/${device.id}`, { status: 'retired' })).body.status
    ).toBe('retired')
    expectProblem(
      await api.patch(`/api/v1/devices/${device.id}`, { status: 'in_stock' }),
      409,
      'device-status-change'
    )
    expectProblem(await api.patch(`/api/v1/devices/${device.id}`, { status: 'assigned' }), 422)
  })

  it('refuses hand-over times in the future or before the last return', async () => {
    const { agency, holder } = await given.person()
    const device = await given.device(agency.id)
    expect(
      expectProblem(
        await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: holder.id, at: iso(1) }),
        422
      ).errors[0].path
    ).toBe('at')
    await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: holder.id, at: iso(-10) })
    expect(
      expectProblem(await api.post(`/api/v1/devices/${device.id}/return`, { at: iso(-11) }), 422)
        .errors[0].path
    ).toBe('at')
    await api.post(`/api/v1/devices/${device.id}/return`, { at: iso(-5) })
    expect(
      expectProblem(
        await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: holder.id, at: iso(-6) }),
        422
      ).errors[0].path
    ).toBe('at')
  })

  it('lists devices by agency, status, holder and serial prefix; refuses duplicate serials', async () => {
    const { agency, holder } = await given.person()
    const a = await given.device(agency.id, { serial: 'SIM-0001', kind: 'sim_pki' })
    const b = await given.device(agency.id, { serial: 'TK-0002' })
    await api.post(`/api/v1/devices/${b.id}/assign`, { holderId: holder.id })
    const ids = async (q: string) =>
      (await api.get(`/api/v1/devices?agencyId=${agency.id}&${q}`)).body.items.map((d: any) => d.id)
    expect(await ids('')).toEqual([a.id, b.id])
    expect(await ids('status=assigned')).toEqual([b.id])
    expect(await ids(`holderId=${holder.id}`)).toEqual([b.id])
    expect(await ids('q=sim')).toEqual([a.id])
    expect(await ids('kind=sim_pki')).toEqual([a.id])
    const before = await snapshot()
    expectProblem(
      await api.post('/api/v1/devices', {
        serial: 'sim-0001',
        model: 'X',
        kind: 'token',
        agencyId: agency.id,
      }),
      409,
      'duplicate-device-serial'
    )
    expect(await snapshot()).toEqual(before)
  })
})
