import { beforeAll, describe, expect, it } from 'vitest'
import files from '../fixtures/documents/files.json'
import { ADMIN, api, call, expectProblem, fetchWorker, snapshot } from '../helpers/api'
import { given, iso, newSerial } from '../helpers/given'
import { accessWorld, newKey } from '../helpers/principals'
import { readXlsxRows, writeXlsx, XLSX_TYPE } from '../../src/lib/xlsx'

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
    // A document date typed as people write it, or one that does not exist: a field error, not a 500.
    for (const docDate of ['30/11/26', '2026-02-30', 'hôm qua'])
      expectProblem(
        await api.post('/api/v1/requests', {
          kind: 'issue',
          certificateKind: 'personal',
          agencyId: world.agencies.a1.id,
          docDate,
          items: [{ holderId: world.inA.holder.id }],
        }),
        422
      )
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

describe('the signed request file, attached', () => {
  const fixture = (name: string) =>
    Uint8Array.from(atob((files as Record<string, string>)[name]), (c) => c.charCodeAt(0))
  const attach = (id: string, bytes: Uint8Array, name: string, token = ADMIN) => {
    const form = new FormData()
    form.set('file', new File([bytes], name))
    return fetchWorker(`http://registry.test/api/v1/requests/${id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json<any>() }))
  }

  it('keeps a signed PDF or .p7m with its hash, serves it back, and refuses anything else, writing nothing', async () => {
    const officer = as(world.keys.officerA)
    const draft = await officer.post('/api/v1/requests', {
      kind: 'issue',
      certificateKind: 'personal',
      agencyId: world.agencies.a1.id,
      items: [{ holderId: world.inA.holder.id }],
    })
    const id = draft.body.id
    const pdf = fixture('signed.pdf')
    const attached = await attach(id, pdf, 'cong-van-de-nghi.pdf', world.keys.officerA.secret)
    expect(attached.status, JSON.stringify(attached.body)).toBe(201)
    expect(attached.body).toMatchObject({ n: 0, type: 'pdf', size: pdf.length })
    expect((await attach(id, fixture('doc.txt.p7m'), 'de-nghi.docx.p7m')).body.type).toBe('cms')
    const before = await snapshot()
    expectProblem(await attach(id, fixture('doc.txt'), 'de-nghi.txt'), 422, 'attachment-type')
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    big.set(new TextEncoder().encode('%PDF-1.7'))
    expectProblem(await attach(id, big, 'qua-lon.pdf'), 413)
    expect(await snapshot()).toEqual(before)
    const listed = (await officer.get(`/api/v1/requests/${id}/attachments`)).body.items
    expect(listed.map((a: any) => a.name)).toEqual(['cong-van-de-nghi.pdf', 'de-nghi.docx.p7m'])
    const back = await fetchWorker(`http://registry.test/api/v1/requests/${id}/attachments/0`, {
      headers: { authorization: `Bearer ${world.keys.officerA.secret}` },
    })
    expect(back.headers.get('content-type')).toBe('application/pdf')
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(pdf)
    // Another agency's officer does not learn it exists.
    const outsider = await newKey('officer', world.agencies.b.id)
    expectProblem(await as(outsider).get(`/api/v1/requests/${id}/attachments`), 404)
  })
})

describe('the requests report', () => {
  it('counts requests by agency and kind, the CA’s turnaround in working days, and overdue; as CSV too', async () => {
    const rows = (await api.get('/api/v1/reports/requests?from=2026-01-01')).body.rows
    const renewal = rows.find(
      (r: any) => r.agency.id === world.agencies.a1.id && r.kind === 'renewal'
    )
    expect(renewal).toMatchObject({ drafted: 1, sent: 1, done: 1, refused: 0 })
    expect(renewal.turnaround).toEqual({ median: 0, worst: 0 })
    const revocations = rows.find(
      (r: any) => r.agency.id === world.agencies.a1.id && r.kind === 'revocation'
    )
    expect(revocations.overdueNow).toBe(1)
    // An officer sees its subtree's rows only.
    const officer = (await as(world.keys.officerA).get('/api/v1/reports/requests?from=2026-01-01'))
      .body.rows
    expect(officer.every((r: any) => r.agency.id === world.agencies.a1.id)).toBe(true)
    const csv = await call('GET', '/api/v1/reports/requests?from=2026-01-01&format=csv')
    expect(String(csv.body).split('\r\n')[0]).toBe(
      'Mã cơ quan,Cơ quan,Loại yêu cầu,Đã lập,Đã gửi CA,Hoàn thành,CA từ chối,Đang quá hạn,"Thời gian CA trả lời, trung vị (ngày làm việc)",Lâu nhất (ngày làm việc)'
    )
    expect(String(csv.body)).toContain(',gia hạn,1,1,1,0,0,0,0')
  })
})

describe('a request for several people, from a spreadsheet', () => {
  const sheet = async (path: string, bytes: Uint8Array, key: { secret: string }) => {
    const res = await fetchWorker(`http://registry.test${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.secret}`, 'content-type': XLSX_TYPE },
      body: bytes,
    })
    return { status: res.status, headers: res.headers, body: (await res.json()) as any }
  }

  it('fills a draft from the template as the agency filled it in, and refuses a sheet naming no one, writing nothing', async () => {
    const officer = as(world.keys.officerA)
    const { holder, device } = world.inA
    const certificate = await given.certificate(holder.id)
    const second = await given.holder(world.agencies.a1.id, { fullName: 'Phạm Thị Hai Người' })
    // The template, filled in: one person by CCCD, one by name.
    const template = await fetchWorker('http://registry.test/api/v1/requests/template.xlsx', {
      headers: { authorization: `Bearer ${world.keys.officerA.secret}` },
    })
    const [head] = await readXlsxRows(new Uint8Array(await template.arrayBuffer()))
    expect(head.data).toEqual([
      'Họ tên',
      'Số CCCD',
      'Chức vụ',
      'Số hiệu chứng thư số',
      'Số sê-ri thiết bị',
    ])
    const issue = await officer.post('/api/v1/requests', {
      kind: 'issue',
      certificateKind: 'personal',
      agencyId: world.agencies.a1.id,
      items: [{ holderId: holder.id }],
    })
    expect(issue.status, JSON.stringify(issue.body)).toBe(201)
    const people = await writeXlsx('Yêu cầu', head.data, [
      ['', holder.nationalId, 'Chuyên viên', '', ''],
      ['pham thi hai nguoi', '', '', '', ''],
    ])
    const filled = await sheet(
      `/api/v1/requests/${issue.body.id}/items`,
      people,
      world.keys.officerA
    )
    expect(filled.status, JSON.stringify(filled.body)).toBe(200)
    expect(filled.body.items.map((i: any) => i.holderId)).toEqual([holder.id, second.id])

    // A renewal of a certificate and a recovery of a device, by their serials.
    const renewal = await officer.post('/api/v1/requests', {
      kind: 'renewal',
      agencyId: world.agencies.a1.id,
      items: [{ certificateId: certificate.id }],
    })
    expect(renewal.status, JSON.stringify(renewal.body)).toBe(201)
    const before = await snapshot()
    const wrong = await writeXlsx('Yêu cầu', head.data, [
      ['', '', '', certificate.serial, ''],
      ['', '', '', 'ABCDEF0123', ''],
      ['Không Có Ai', '', '', '', ''],
    ])
    const refused = await sheet(
      `/api/v1/requests/${renewal.body.id}/items`,
      wrong,
      world.keys.officerA
    )
    expectProblem(refused, 422, 'request-sheet-rejected')
    expect(refused.body.errors.map((e: any) => e.path)).toEqual([
      'line 3: Số hiệu chứng thư số',
      'line 4: Họ tên',
    ])
    expect(await snapshot()).toEqual(before)
    // Another agency's request is not the officer's to fill.
    const elsewhere = await as(world.keys.admin).post('/api/v1/requests', {
      kind: 'recovery',
      agencyId: world.agencies.b.id,
      items: [{ deviceId: world.inB.device.id }],
    })
    const recovery = await writeXlsx('Yêu cầu', head.data, [['', '', '', '', device.serial]])
    expectProblem(
      await sheet(`/api/v1/requests/${elsewhere.body.id}/items`, recovery, world.keys.officerA),
      404
    )
  })
})
