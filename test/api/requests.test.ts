import { beforeAll, describe, expect, it } from 'vitest'
import { api, call, expectProblem, snapshot } from '../helpers/api'
import { given, iso, newSerial } from '../helpers/given'
import { accessWorld } from '../helpers/principals'

/**
 * Requests under Nghị định 68/2024, end to end through the API: an agency's officer drafts and
 * files, the department checks, returns or sends them to the CA against a working-day deadline,
 * and completes them with what the CA did. Every refusal writes nothing.
 */
let world: Awaited<ReturnType<typeof accessWorld>>
beforeAll(async () => {
  world = await accessWorld()
})
const as = (key: { secret: string }) => ({
  post: (path: string, body?: unknown) => call('POST', path, body, {}, key.secret),
  get: (path: string) => call('GET', path, undefined, {}, key.secret),
  patch: (path: string, body: unknown) => call('PATCH', path, body, {}, key.secret),
})

describe('a request from draft to done', () => {
  it('is drafted and filed by the agency, checked and sent by the department, and done with the renewal it led to', async () => {
    const officer = as(world.keys.officerA)
    const { certificate, holder } = world.inA
    const draft = await officer.post('/api/v1/requests', {
      kind: 'renewal',
      agencyId: world.agencies.a1.id,
      docNumber: '45/SYT-VP',
      docDate: '2026-11-20',
      items: [{ certificateId: certificate.id }],
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    expect(draft.body).toMatchObject({ state: 'draft', kind: 'renewal', overdue: false })
    const id = draft.body.id
    expect((await officer.post(`/api/v1/requests/${id}/file`)).body.state).toBe('filed')
    // The department's steps are not the agency's.
    expectProblem(
      await officer.post(`/api/v1/requests/${id}/check`),
      409,
      'request-department-only'
    )
    expect((await api.post(`/api/v1/requests/${id}/check`)).body.state).toBe('checked')
    const sent = await api.post(`/api/v1/requests/${id}/send`, {
      channel: 'online',
      reference: 'DVC-2026-000123',
      sentAt: '2026-11-30T09:00:00+07:00',
    })
    expect(sent.body).toMatchObject({ state: 'sent', dueDay: '2026-12-03' })
    // Done with what the CA issued: the successor of the certificate it names.
    const renewed = await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
      serial: newSerial(),
      issuer: certificate.issuer,
      subject: certificate.subject,
      notBefore: iso(0),
      notAfter: iso(700),
    })
    expect(renewed.status).toBe(201)
    const other = await given.certificate(world.inB.holder.id)
    const before = await snapshot()
    expectProblem(
      await api.post(`/api/v1/requests/${id}/done`, { certificateId: other.id }),
      409,
      'result-other-holder'
    )
    expect(await snapshot()).toEqual(before)
    const done = await api.post(`/api/v1/requests/${id}/done`, { certificateId: renewed.body.id })
    expect(done.body).toMatchObject({ state: 'done', resultId: renewed.body.id })
    expect(holder.id).toBeTruthy()
    // Every step is audited, with who and when.
    const audit = (await api.get(`/api/v1/audit?entityId=${id}`)).body.items
    expect(audit.map((e: any) => e.action).sort()).toEqual(
      ['request.check', 'request.create', 'request.done', 'request.file', 'request.send'].sort()
    )
  })

  it('is returned for correction with a reason, corrected, and filed again; then cancelled', async () => {
    const officer = as(world.keys.officerA)
    const created = await officer.post('/api/v1/requests', {
      kind: 'issue',
      certificateKind: 'personal',
      agencyId: world.agencies.a1.id,
      items: [{ holderId: world.inA.holder.id }],
    })
    const id = created.body.id
    await officer.post(`/api/v1/requests/${id}/file`)
    expectProblem(await api.post(`/api/v1/requests/${id}/return`), 422, 'request-needs-reason')
    const returned = await api.post(`/api/v1/requests/${id}/return`, { note: 'Thiếu số CCCD' })
    expect(returned.body).toMatchObject({ state: 'returned', stateNote: 'Thiếu số CCCD' })
    const edited = await officer.patch(`/api/v1/requests/${id}`, { docNumber: '46/SYT-VP' })
    expect(edited.body).toMatchObject({ docNumber: '46/SYT-VP', state: 'returned' })
    expect((await officer.post(`/api/v1/requests/${id}/file`)).body.state).toBe('filed')
    expectProblem(
      await officer.patch(`/api/v1/requests/${id}`, { note: 'x' }),
      409,
      'request-wrong-state'
    )
    expect((await officer.post(`/api/v1/requests/${id}/cancel`)).body.state).toBe('cancelled')
    expectProblem(await officer.post(`/api/v1/requests/${id}/file`), 409, 'request-wrong-state')
  })
})

describe('what a request may say, and who may see it', () => {
  it('refuses, writing nothing: another agency’s request, a revocation without its cause, a renewal of a revoked certificate, a recovery of a device in stock', async () => {
    const officer = as(world.keys.officerA)
    const before = await snapshot()
    expectProblem(
      await officer.post('/api/v1/requests', {
        kind: 'issue',
        certificateKind: 'personal',
        agencyId: world.agencies.b.id,
        items: [{ holderId: world.inB.holder.id }],
      }),
      404
    )
    const noCause = expectProblem(
      await api.post('/api/v1/requests', {
        kind: 'revocation',
        agencyId: world.agencies.a1.id,
        items: [{ certificateId: world.inA.certificate.id }],
      }),
      422,
      'revocation-needs-cause'
    )
    expect(noCause.detail).toBe('Đề nghị thu hồi phải nêu lý do (mã RFC 5280) và nguyên nhân.')
    const { holder } = await given.person()
    const revoked = await given.certificate(holder.id)
    await api.post(`/api/v1/certificates/${revoked.id}/revoke`, { reasonCode: 1 })
    const device = await given.device(world.agencies.a1.id)
    const mid = await snapshot()
    expectProblem(
      await api.post('/api/v1/requests', {
        kind: 'renewal',
        agencyId: holder.agencyId,
        items: [{ certificateId: revoked.id }],
      }),
      409,
      'renewal-needs-valid'
    )
    expectProblem(
      await api.post('/api/v1/requests', {
        kind: 'recovery',
        agencyId: world.agencies.a1.id,
        items: [{ deviceId: device.id }],
      }),
      409,
      'recovery-needs-custody'
    )
    // An officer over several agencies cannot name another agency's people in one's request.
    expectProblem(
      await as(world.keys.officerP).post('/api/v1/requests', {
        kind: 'issue',
        certificateKind: 'personal',
        agencyId: world.agencies.a1.id,
        items: [{ holderId: world.inB.holder.id }],
      }),
      409,
      'request-item-other-agency'
    )
    expect(await snapshot()).toEqual(mid)
    expect(before).toBeTruthy()
  })

  it('shows an officer its subtree’s requests only, and the department every agency’s', async () => {
    const inB = await api.post('/api/v1/requests', {
      kind: 'revocation',
      agencyId: world.agencies.b.id,
      reasonCode: 3,
      cause: 'Chuyển công tác',
      items: [{ certificateId: world.inB.certificate.id }],
    })
    expect(inB.status).toBe(201)
    const officer = as(world.keys.officerA)
    expectProblem(await officer.get(`/api/v1/requests/${inB.body.id}`), 404)
    const mine = (await officer.get('/api/v1/requests?limit=200')).body.items
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((r: any) => r.agencyId === world.agencies.a1.id)).toBe(true)
    const all = (await api.get('/api/v1/requests?limit=200')).body.items.map((r: any) => r.id)
    expect(all).toContain(inB.body.id)
  })
})

describe('deadlines on the working-day calendar', () => {
  it('counts three working days across Tết, follows the notice’s swaps, and lists the overdue', async () => {
    const draft = await api.post('/api/v1/requests', {
      kind: 'revocation',
      agencyId: world.agencies.a1.id,
      reasonCode: 1,
      cause: 'Mất thiết bị',
      items: [{ certificateId: world.inA.certificate.id }],
    })
    const id = draft.body.id
    await api.post(`/api/v1/requests/${id}/file`)
    await api.post(`/api/v1/requests/${id}/check`)
    // A swapped day entered from the year's notice: Saturday 14/2/2026 is worked.
    const before = await snapshot()
    expectProblem(
      await api.post('/api/v1/holidays', {
        day: '2026-02-30',
        kind: 'off',
        name: 'Không có ngày này',
        source: 'x',
      }),
      422
    )
    expect(await snapshot()).toEqual(before)
    expect(
      (
        await api.post('/api/v1/holidays', {
          day: '2026-02-14',
          kind: 'work',
          name: 'Làm bù',
          source: 'Thông báo của Bộ Nội vụ (thử nghiệm)',
        })
      ).status
    ).toBe(201)
    // Sent on Friday 13/2/2026: Saturday 14 worked, then Tết; due Tuesday 24/2.
    const sent = await api.post(`/api/v1/requests/${id}/send`, {
      channel: 'document-exchange',
      sentAt: '2026-02-13T10:00:00+07:00',
    })
    expect(sent.body).toMatchObject({ dueDay: '2026-02-24', overdue: true })
    const overdue = (await api.get('/api/v1/requests?overdue=true')).body.items.map(
      (r: any) => r.id
    )
    expect(overdue).toContain(id)
    const calendar = (await api.get('/api/v1/holidays?year=2026')).body
    expect(calendar.daysOff.map((d: any) => d.day)).toContain('2026-02-17')
    expect(calendar.entries).toEqual([expect.objectContaining({ day: '2026-02-14', kind: 'work' })])
  })
})
