import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { deliverDigest } from '../../src/jobs/deliver'
import { runExpiryScan } from '../../src/jobs/expiry-scan'
import { api, auditOf, call, count, expectProblem, snapshot } from '../helpers/api'
import { addDays, morning, plantCertificate } from '../helpers/clock'
import { given, iso } from '../helpers/given'
import { newKey } from '../helpers/principals'

beforeEach(() => void vi.spyOn(env.NOTICES, 'sendBatch').mockResolvedValue(undefined as any))

/** Two communes under a province: A with a person (certificate, token), a seal and a unit. */
async function communes() {
  const province = await given.agency({ kind: 'province', name: 'UBND tỉnh' })
  const a = await given.agency({ kind: 'commune', parentId: province.id, name: 'UBND xã An Phú' })
  const b = await given.agency({ kind: 'commune', parentId: province.id, name: 'UBND xã Bình Lợi' })
  const unit = await given.agency({ kind: 'unit', parentId: a.id, name: 'Văn phòng xã An Phú' })
  const person = await given.holder(a.id, { nationalId: '001203004589' })
  const device = await given.device(a.id)
  await api.post(`/api/v1/devices/${device.id}/assign`, { holderId: person.id })
  const personal = await given.certificate(person.id, { deviceId: device.id })
  const org = await given.holder(a.id, { kind: 'organisation', fullName: 'UBND xã An Phú' })
  const seal = await given.certificate(org.id, { kind: 'organisation' })
  return { province, a, b, unit, person, device, personal, org, seal }
}

const merge = (from: { id: string }, to: { id: string }) =>
  api.post(`/api/v1/agencies/${from.id}/merge`, { successorId: to.id })

describe('a merger (sáp nhập)', () => {
  it('moves persons, devices, units and personal certificates; the seal and its holder stay as history', async () => {
    const w = await communes()
    const res = await merge(w.a, w.b)
    expect(res.status).toBe(200)
    expect(res.body.moved).toEqual({ holders: 1, devices: 1, certificates: 1, units: 1 })
    expect(res.body.toChangeOrRevoke.items.map((c: any) => c.id)).toEqual([w.seal.id])
    expect((await api.get(`/api/v1/holders/${w.org.id}`)).body.agencyId).toBe(w.a.id)
    expect((await api.get(`/api/v1/holders/${w.person.id}`)).body.agencyId).toBe(w.b.id)
    expect((await api.get(`/api/v1/agencies/${w.unit.id}`)).body.parentId).toBe(w.b.id)
  })

  it('records nothing new under the merged agency: no holder, no device, no seal certificate', async () => {
    const w = await communes()
    await merge(w.a, w.b)
    const before = await snapshot()
    expectProblem(
      await api.post('/api/v1/holders', { kind: 'person', fullName: 'X', agencyId: w.a.id }),
      409,
      'agency-not-active'
    )
    expectProblem(
      await api.post('/api/v1/devices', {
        serial: 'TK-NEW-1',
        model: 'Token',
        kind: 'token',
        agencyId: w.a.id,
      }),
      409,
      'agency-not-active'
    )
    const seal = expectProblem(
      await api.post('/api/v1/certificates', {
        kind: 'organisation',
        holderId: w.org.id,
        serial: '5A7777',
        issuer: 'CN=CA,C=VN',
        subject: 'CN=UBND xã An Phú',
        notBefore: iso(-1),
        notAfter: iso(700),
      }),
      409,
      'agency-not-active'
    )
    expect(seal.detail).toBe(
      `Cơ quan ${w.a.code} đã sáp nhập; không ghi nhận thêm gì vào cơ quan này.`
    )
    expect(await snapshot()).toEqual(before)
  })

  it('of two opposite merges sent at once, exactly one lands', async () => {
    const w = await communes()
    const answers = await Promise.all([merge(w.a, w.b), merge(w.b, w.a)])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
    expect(await count('agencies', "id IN (?1, ?2) AND status = 'merged'", w.a.id, w.b.id)).toBe(1)
  })

  it('sends the notices of what stays behind to the successor', async () => {
    const province = await given.agency({ kind: 'province' })
    const a = await given.agency({ kind: 'commune', parentId: province.id })
    const b = await given.agency({ kind: 'commune', parentId: province.id })
    const org = await given.holder(a.id, { kind: 'organisation', fullName: 'UBND xã Cũ' })
    const day = morning('2041-03-01')
    const seal = await plantCertificate(
      { id: org.id, agencyId: a.id, fullName: org.fullName },
      addDays(day, 20),
      { kind: 'organisation' }
    )
    await merge(a, b)
    await runExpiryScan(env, day)
    const digest = await env.DB.prepare(
      `SELECT d.agency_id FROM notices n JOIN digests d ON d.id = n.digest_id WHERE n.certificate_id = ?1`
    )
      .bind(seal.id)
      .first<{ agency_id: string }>()
    expect(digest?.agency_id).toBe(b.id)
  })

  it('is undone by a correction that names its reason: everything moved comes back', async () => {
    const w = await communes()
    await merge(w.a, w.b)
    const corrected = await api.post(`/api/v1/agencies/${w.a.id}/correct`, {
      reason: 'Sáp nhập nhầm: đúng là xã Bình An',
    })
    expect(corrected.status).toBe(200)
    expect(corrected.body).toMatchObject({
      agency: { status: 'active', successorId: null },
      corrected: 'agency.merge',
      movedBack: { holders: 1, devices: 1, certificates: 1, units: 1 },
    })
    expect((await api.get(`/api/v1/holders/${w.person.id}`)).body.agencyId).toBe(w.a.id)
    expect((await api.get(`/api/v1/certificates/${w.personal.id}`)).body.agencyId).toBe(w.a.id)
    expect((await api.get(`/api/v1/agencies/${w.unit.id}`)).body.parentId).toBe(w.a.id)
    const entry = (await auditOf(w.a.id)).pop()!
    expect(entry.action).toBe('agency.correct')
    expect(JSON.parse(entry.after)).toMatchObject({
      corrected: 'agency.merge',
      reason: 'Sáp nhập nhầm: đúng là xã Bình An',
    })
    expectProblem(
      await api.post(`/api/v1/agencies/${w.a.id}/correct`, { reason: 'lần nữa' }),
      409,
      'nothing-to-correct'
    )
  })
})

describe('a dissolution (giải thể) and a split (chia tách)', () => {
  it('dissolves only an agency left with nothing living, saying what is left, writing nothing', async () => {
    const w = await communes()
    const before = await snapshot()
    const refused = expectProblem(
      await api.post(`/api/v1/agencies/${w.a.id}/dissolve`, {}),
      409,
      'agency-not-empty'
    )
    expect(refused.detail).toContain('còn 1 đơn vị trực thuộc, 1 người đang công tác và 1 thiết bị')
    expect(await snapshot()).toEqual(before)
  })

  it('splits the agency the way the department says, then ends it; its seal’s notices go to the department', async () => {
    const w = await communes()
    const c = await given.agency({
      kind: 'commune',
      parentId: w.province.id,
      name: 'UBND xã Cẩm Hà',
    })
    const body = {
      parts: [
        { agencyId: w.b.id, holders: [w.person.id], devices: [w.device.id] },
        { agencyId: c.id, units: [w.unit.id] },
      ],
      dissolve: true,
      note: 'Nghị quyết chia xã An Phú',
    }
    // A record that is not the agency's: refused, nothing written.
    const before = await snapshot()
    expect(
      expectProblem(
        await api.post(`/api/v1/agencies/${w.a.id}/split`, {
          ...body,
          parts: [{ agencyId: c.id, holders: [w.org.id] }],
        }),
        422
      ).errors[0].path
    ).toBe('parts.0.holders')
    // Leaving something behind while dissolving: refused too.
    expectProblem(
      await api.post(`/api/v1/agencies/${w.a.id}/split`, { ...body, parts: [body.parts[1]] }),
      409,
      'agency-not-empty'
    )
    expect(await snapshot()).toEqual(before)

    const split = await api.post(`/api/v1/agencies/${w.a.id}/split`, body)
    expect(split.status).toBe(200)
    expect(split.body).toMatchObject({
      agency: { status: 'dissolved', successorId: null },
      moved: { holders: 1, devices: 1, certificates: 1, units: 1 },
    })
    expect((await api.get(`/api/v1/certificates/${w.personal.id}`)).body.agencyId).toBe(w.b.id)
    expect((await api.get(`/api/v1/agencies/${w.unit.id}`)).body.parentId).toBe(c.id)
    expect(split.body.toChangeOrRevoke.items.map((x: any) => x.id)).toEqual([w.seal.id])

    // The seal left behind: its digest goes to the department's address.
    const day = morning('2042-05-01')
    const old = await plantCertificate(
      { id: w.org.id, agencyId: w.a.id, fullName: w.org.fullName },
      addDays(day, 5),
      { kind: 'organisation' }
    )
    await runExpiryScan(env, day)
    const digest = await env.DB.prepare(
      'SELECT d.id, d.agency_id FROM notices n JOIN digests d ON d.id = n.digest_id WHERE n.certificate_id = ?1'
    )
      .bind(old.id)
      .first<{ id: string; agency_id: string }>()
    expect(digest?.agency_id).toBe(w.a.id)
    await deliverDigest(env, digest!.id, day)
    const targets = await env.DB.prepare(
      'SELECT target FROM delivery_attempts WHERE digest_id = ?1'
    )
      .bind(digest!.id)
      .all<{ target: string }>()
    expect(targets.results.map((t) => t.target)).toEqual([env.DEPARTMENT_EMAIL])
  })
})

describe('who sees a notice', () => {
  it('follows the certificate’s agency now, not the agency it had when the notice was made', async () => {
    const a = await given.agency()
    const b = await given.agency()
    const holder = await given.holder(a.id)
    const day = morning('2043-01-10')
    const cert = await plantCertificate(
      { id: holder.id, agencyId: a.id, fullName: holder.fullName },
      addDays(day, 10)
    )
    await runExpiryScan(env, day)
    const notices = (await api.get(`/api/v1/notices?certificateId=${cert.id}`)).body.items
    const notice = notices.find((n: any) => n.state === 'pending')
    const officerA = await newKey('officer', a.id)
    const officerB = await newKey('officer', b.id)
    const asA = (method: string, path: string, body?: unknown) =>
      call(method, path, body, {}, officerA.secret)
    expect(
      (await asA('GET', `/api/v1/notices?agencyId=${a.id}`)).body.items.map((n: any) => n.id)
    ).toEqual(notices.map((n: any) => n.id))
    await api.patch(`/api/v1/certificates/${cert.id}`, { agencyId: b.id })
    expect((await asA('GET', `/api/v1/notices?agencyId=${a.id}`)).body.items).toEqual([])
    expectProblem(await asA('POST', `/api/v1/notices/${notice.id}/ack`, {}), 404)
    const asB = await call('POST', `/api/v1/notices/${notice.id}/ack`, {}, {}, officerB.secret)
    expect(asB.status).toBe(200)
  })
})

describe('a rename', () => {
  it('keeps a dated history of names', async () => {
    const agency = await given.agency({ name: 'Sở Thông tin và Truyền thông' })
    await api.patch(`/api/v1/agencies/${agency.id}`, { name: 'Sở Khoa học và Công nghệ' })
    const read = (await api.get(`/api/v1/agencies/${agency.id}`)).body
    expect(read.name).toBe('Sở Khoa học và Công nghệ')
    expect(read.formerNames).toEqual([
      { name: 'Sở Thông tin và Truyền thông', until: expect.any(String) },
    ])
    expect((await auditOf(agency.id)).map((e) => e.action)).toEqual([
      'agency.create',
      'agency.rename',
    ])
  })
})
