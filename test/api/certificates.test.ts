import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { runExpiryScan } from '../../src/jobs/expiry-scan'
import { api, auditOf, count, expectProblem, snapshot } from '../helpers/api'
import { given, iso, newSerial } from '../helpers/given'

const ISSUER = 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN'

describe('recording certificates', () => {
  it('records a certificate with its serial normalised, derived status and days left', async () => {
    const agency = await given.agency()
    const holder = await given.holder(agency.id)
    const res = await api.post('/api/v1/certificates', {
      kind: 'personal',
      serial: '54:01:0a:3f:9c:22:7b:41',
      issuer: ISSUER,
      subject: 'CN=Nguyễn Văn An,C=VN',
      holderId: holder.id,
      notBefore: '2026-01-01T08:00:00+07:00',
      notAfter: iso(100),
      fingerprint: 'ab:'.repeat(31) + 'ab',
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      serial: '54010A3F9C227B41',
      agencyId: agency.id,
      holderId: holder.id,
      notBefore: '2026-01-01T01:00:00.000Z',
      fingerprint: 'AB'.repeat(32),
      status: 'active',
      revokedAt: null,
      reason: null,
      replacesId: null,
      replacedById: null,
      version: 1,
    })
    expect(res.body.daysLeft).toBeGreaterThanOrEqual(99)
    expect(res.body.daysLeft).toBeLessThanOrEqual(101)
    const detail = await api.get(`/api/v1/certificates/${res.body.id}`)
    expect(detail.body).toMatchObject({
      id: res.body.id,
      holder: { id: holder.id, fullName: 'Nguyễn Văn An' },
      agency: { id: agency.id },
      device: null,
    })
    expect(detail.body.chain.map((c: any) => c.id)).toEqual([res.body.id])
    expect(detail.headers.get('etag')).toBe('"v1"')
  })

  it('treats "01:ab:CD" and "01ABCD" from one issuer as the same certificate', async () => {
    const { holder } = await given.person()
    await given.certificate(holder.id, { serial: '01:ab:CD' })
    const before = await snapshot()
    const dup = expectProblem(
      await api.post('/api/v1/certificates', {
        kind: 'personal',
        serial: '01ABCD',
        issuer: 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN',
        subject: 'CN=X',
        holderId: holder.id,
        notBefore: iso(-1),
        notAfter: iso(30),
      }),
      409,
      'duplicate-serial'
    )
    expect(dup.errors[0].path).toBe('serial')
    expect(await snapshot()).toEqual(before)
    // The same serial under another spelling of the issuer is refused: register the spelling as
    // an alias, or the other CA as an issuer of its own.
    const other = {
      kind: 'personal',
      serial: '01ABCD',
      issuer: 'CN=Other CA',
      subject: 'CN=X',
      holderId: holder.id,
      notBefore: iso(-1),
      notAfter: iso(30),
    }
    expectProblem(await api.post('/api/v1/certificates', other), 409, 'serial-under-other-issuer')
    expect(await snapshot()).toEqual(before)
    // Two registered CAs may each have issued the serial.
    expect((await api.post('/api/v1/issuers', { dn: ISSUER })).status).toBe(201)
    expect((await api.post('/api/v1/issuers', { dn: 'CN=Other CA' })).status).toBe(201)
    expect((await api.post('/api/v1/certificates', other)).status).toBe(201)
    // An alias of a registered issuer resolves to it: the same serial again is a duplicate.
    await api.patch(
      `/api/v1/issuers/${(await api.get('/api/v1/issuers')).body.items.find((i: any) => i.dn === ISSUER).id}`,
      { aliases: ['Ban Cơ yếu Chính phủ'] }
    )
    expectProblem(
      await api.post('/api/v1/certificates', {
        ...other,
        issuer: 'ban cơ yếu  chính phủ',
        serial: '01:AB:CD',
      }),
      409,
      'duplicate-serial'
    )
  })

  it('refuses bad input with a problem naming the field, and writes nothing', async () => {
    const { agency, holder } = await given.person()
    const org = await given.holder(agency.id, { kind: 'organisation', fullName: 'Sở Tư pháp' })
    const valid = {
      kind: 'personal',
      serial: newSerial(),
      issuer: ISSUER,
      subject: 'CN=A',
      holderId: holder.id,
      notBefore: iso(-1),
      notAfter: iso(300),
    }
    const before = await snapshot()
    const cases: [Record<string, unknown>, number, string][] = [
      [{ notAfter: '2025-02-30T00:00:00Z' }, 422, 'notAfter'],
      [{ notBefore: 'yesterday' }, 422, 'notBefore'],
      [{ notBefore: iso(10), notAfter: iso(5) }, 422, 'notAfter'],
      [{ notBefore: iso(0), notAfter: iso(5 * 366 + 2) }, 422, 'notAfter'],
      [{ serial: 'ZZ:11' }, 422, 'serial'],
      [{ serial: 12345 }, 422, 'serial'],
      [{ kind: 'person' }, 422, 'kind'],
      [{ holderId: 'hld_01JD8ZQ6XH4M3VJ3QK6N2R7T9W' }, 422, 'holderId'],
      [{ holderId: 'not an id' }, 422, 'holderId'],
      [{ holderId: org.id }, 422, 'holderId'],
      [{ deviceId: 'dev_01JD8ZQ6XH4M3VJ3QK6N2R7T9W' }, 422, 'deviceId'],
      [{ fingerprint: 'abc' }, 422, 'fingerprint'],
      [{ status: 'revoked' }, 422, 'status'],
      [{ issuer: '' }, 422, 'issuer'],
    ]
    for (const [change, status, field] of cases) {
      const problem = expectProblem(
        await api.post('/api/v1/certificates', { ...valid, ...change }),
        status
      )
      expect(
        problem.errors?.map((e: any) => e.path),
        JSON.stringify(change)
      ).toContain(field)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('replays a create sent twice with one Idempotency-Key, writing once', async () => {
    const { holder } = await given.person()
    const body = {
      kind: 'personal',
      serial: newSerial(),
      issuer: ISSUER,
      subject: 'CN=A',
      holderId: holder.id,
      notBefore: iso(-1),
      notAfter: iso(300),
    }
    const first = await api.post('/api/v1/certificates', body, {
      'idempotency-key': 'import-2026-11-21-row-7',
    })
    const again = await api.post('/api/v1/certificates', body, {
      'idempotency-key': 'import-2026-11-21-row-7',
    })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await count('certificates', 'serial = ?1', body.serial)).toBe(1)
    expect(
      await count('audit_log', "action = 'certificate.create' AND entity_id = ?1", first.body.id)
    ).toBe(1)
    const other = await api.post(
      '/api/v1/certificates',
      { ...body, subject: 'CN=B' },
      { 'idempotency-key': 'import-2026-11-21-row-7' }
    )
    expectProblem(other, 422, 'idempotency-key-reused')
  })
})

describe('a certificate in detail', () => {
  it('comes with its holder, agency, device, whole renewal chain and notices', async () => {
    const { agency, holder } = await given.person()
    const device = await given.device(agency.id)
    const first = await given.certificate(holder.id, { notAfter: iso(12), deviceId: device.id })
    const renew = (id: string, from: number) =>
      api.post(`/api/v1/certificates/${id}/renew`, {
        serial: newSerial(),
        issuer: ISSUER,
        subject: 'CN=Nguyễn Văn An,C=VN',
        notBefore: iso(from),
        notAfter: iso(from + 700),
      })
    const second = (await renew(first.id, 10)).body
    const third = (await renew(second.id, 700)).body
    const lone = await given.certificate(holder.id, { notAfter: iso(6), deviceId: device.id })
    await runExpiryScan(env, new Date())

    const middle = await api.get(`/api/v1/certificates/${second.id}`)
    expect(middle.status).toBe(200)
    expect(middle.body.chain.map((c: any) => c.id)).toEqual([first.id, second.id, third.id])
    expect(middle.body.device).toBeNull()
    const detail = (await api.get(`/api/v1/certificates/${lone.id}`)).body
    expect(detail).toMatchObject({
      holder: { id: holder.id, fullName: holder.fullName, kind: 'person' },
      agency: { id: agency.id, code: agency.code, name: agency.name },
      device: { id: device.id, serial: device.serial, status: 'in_stock' },
      chain: [{ id: lone.id, status: 'active' }],
    })
    expect(detail.notices.length).toBeGreaterThan(0)
    expect(detail.notices.every((n: any) => n.certificateId === lone.id)).toBe(true)
    // The renewed first certificate gets no reminder: it is being replaced.
    expect((await api.get(`/api/v1/certificates/${first.id}`)).body.notices).toEqual([])
    expectProblem(await api.get('/api/v1/certificates/crt_nothing_here'), 404)
  })
})

describe('revocation', () => {
  it('revokes with an RFC 5280 reason and its Vietnamese cause, audited with before and after', async () => {
    const { certificate } = await given.person()
    const res = await api.post(
      `/api/v1/certificates/${certificate.id}/revoke`,
      { reasonCode: 1, note: 'Mất USB token' },
      { 'if-match': '"v1"' }
    )
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'revoked',
      reason: {
        code: 1,
        name: 'keyCompromise',
        cause: 'Khóa bí mật bị lộ hoặc nghi bị lộ; mất thiết bị lưu khóa bí mật',
      },
      revocationNote: 'Mất USB token',
      version: 2,
    })
    const audit = await auditOf(certificate.id)
    expect(audit.map((a) => a.action)).toEqual(['certificate.create', 'certificate.revoke'])
    expect(JSON.parse(audit[1].before).revokedAt).toBeNull()
    expect(JSON.parse(audit[1].after).reasonCode).toBe(1)
  })

  it('never revokes twice, renews or re-activates a revoked certificate (409 with the reason)', async () => {
    const { holder, certificate } = await given.person()
    await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode: 5 })
    const before = await snapshot()
    expect(
      expectProblem(
        await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode: 1 }),
        409,
        'revoked-is-final'
      ).detail
    ).toMatch(/đã thu hồi ngày \d\d\/\d\d\/\d{4}/)
    expectProblem(
      await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
        serial: newSerial(),
        issuer: ISSUER,
        subject: 'CN=A',
        notBefore: iso(0),
        notAfter: iso(700),
      }),
      409,
      'renewal-needs-valid'
    )
    expectProblem(
      await api.patch(`/api/v1/certificates/${certificate.id}`, {
        deviceId: null,
        agencyId: holder.agencyId,
      }),
      409,
      'revoked-is-final'
    )
    expectProblem(
      await api.patch(`/api/v1/certificates/${certificate.id}`, { status: 'active' }),
      422
    )
    expect(await snapshot()).toEqual(before)
    // Its note may still be written: the record is history, not frozen.
    expect(
      (
        await api.patch(`/api/v1/certificates/${certificate.id}`, {
          note: 'Hồ sơ lưu tại Văn phòng',
        })
      ).status
    ).toBe(200)
  })

  it('refuses an invalid reason code, a reason in the future, and a stale If-Match', async () => {
    const { certificate } = await given.person()
    const before = await snapshot()
    for (const reasonCode of [2, 6, 7, 99, -1, 1.5])
      expect(
        expectProblem(
          await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode }),
          422
        ).errors[0].path
      ).toBe('reasonCode')
    expect(
      expectProblem(
        await api.post(`/api/v1/certificates/${certificate.id}/revoke`, {
          reasonCode: 1,
          revokedAt: iso(2),
        }),
        422
      ).errors[0].path
    ).toBe('revokedAt')
    expectProblem(
      await api.post(
        `/api/v1/certificates/${certificate.id}/revoke`,
        { reasonCode: 1 },
        { 'if-match': '"v7"' }
      ),
      412,
      'stale-version'
    )
    expectProblem(
      await api.post('/api/v1/certificates/crt_01JD8ZQ6XH4M3VJ3QK6N2R7T9W/revoke', {
        reasonCode: 1,
      }),
      404,
      'certificate-not-found'
    )
    expect(await snapshot()).toEqual(before)
  })

  it('lets exactly one of two concurrent revocations win', async () => {
    const { certificate } = await given.person()
    const answers = await Promise.all(
      [1, 3].map((reasonCode) =>
        api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode })
      )
    )
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    expect(
      await count('audit_log', "action = 'certificate.revoke' AND entity_id = ?1", certificate.id)
    ).toBe(1)
  })
})

describe('renewal and re-issue', () => {
  it('records the successor, links both ways, and keeps the chain', async () => {
    const { holder, certificate } = await given.person()
    const renewed = await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
      serial: newSerial(),
      issuer: ISSUER,
      subject: 'CN=Nguyễn Văn An,C=VN',
      notBefore: iso(300),
      notAfter: iso(335 + 3 * 365),
    })
    expect(renewed.status).toBe(201)
    expect(renewed.body).toMatchObject({
      replacesId: certificate.id,
      holderId: holder.id,
      kind: 'personal',
      agencyId: certificate.agencyId,
    })
    const old = await api.get(`/api/v1/certificates/${certificate.id}`)
    expect(old.body).toMatchObject({ replacedById: renewed.body.id, version: 2, status: 'active' })
    const again = await api.post(`/api/v1/certificates/${renewed.body.id}/renew`, {
      serial: newSerial(),
      issuer: ISSUER,
      subject: 'CN=A',
      notBefore: iso(1000),
      notAfter: iso(335 + 5 * 365),
    })
    expect(again.status).toBe(201)
    const chain = (await api.get(`/api/v1/certificates/${renewed.body.id}`)).body.chain.map(
      (c: any) => c.id
    )
    expect(chain).toEqual([certificate.id, renewed.body.id, again.body.id])
    // The renewed one drops out of "expiring": reminders for it stop.
    const expiring = await api.get(
      `/api/v1/certificates?holderId=${holder.id}&status=expiring&days=400`
    )
    expect(expiring.body.items.map((c: any) => c.id)).not.toContain(certificate.id)
  })

  it('refuses a renewal beyond 3 years, for another holder or kind, or of one already replaced', async () => {
    const { agency, holder, certificate } = await given.person()
    const other = await given.holder(agency.id, { fullName: 'Hoàng Minh Tuấn' })
    const next = { serial: newSerial(), issuer: ISSUER, subject: 'CN=A', notBefore: iso(300) }
    const before = await snapshot()
    expect(
      expectProblem(
        await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
          ...next,
          notAfter: iso(335 + 3 * 366 + 1),
        }),
        422
      ).errors[0].path
    ).toBe('notAfter')
    expectProblem(
      await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
        ...next,
        notAfter: iso(800),
        holderId: other.id,
      }),
      409,
      'holder-mismatch'
    )
    expectProblem(
      await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
        ...next,
        notAfter: iso(800),
        kind: 'organisation',
      }),
      409,
      'kind-mismatch'
    )
    expect(await snapshot()).toEqual(before)
    expect(
      (
        await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
          ...next,
          notAfter: iso(800),
        })
      ).status
    ).toBe(201)
    expectProblem(
      await api.post(`/api/v1/certificates/${certificate.id}/renew`, {
        ...next,
        serial: newSerial(),
        notAfter: iso(800),
      }),
      409,
      'certificate-replaced'
    )
    expect(holder.id).toBeTruthy()
  })

  it('re-issues a revoked certificate (lost device) as a new one that replaces it, keeping its revocation', async () => {
    const { holder, certificate } = await given.person()
    await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode: 1 })
    const reissued = await given.certificate(holder.id, {
      replacesId: certificate.id,
      replacement: 'device',
    })
    expect(reissued).toMatchObject({ replacesId: certificate.id, replacement: 'device' })
    expect((await api.get(`/api/v1/certificates/${certificate.id}`)).body).toMatchObject({
      status: 'revoked',
      replacedById: reissued.id,
      reason: { code: 1 },
    })
  })
})

describe('listing certificates', () => {
  it('filters by agency subtree, kind, status, expiring window, holder, device and text, and sorts', async () => {
    const dept = await given.agency({ name: 'Sở Xây dựng' })
    const unit = await given.agency({ parentId: dept.id, kind: 'unit' })
    const anna = await given.holder(unit.id, { fullName: 'Võ Thị Ánh' })
    const binh = await given.holder(dept.id, { fullName: 'Bùi Văn Bình' })
    const org = await given.holder(dept.id, { kind: 'organisation', fullName: 'Sở Xây dựng' })
    const device = await given.device(dept.id)
    const soon = await given.certificate(anna.id, {
      notAfter: iso(10),
      subject: 'CN=Võ Thị Ánh',
      deviceId: device.id,
      serial: '7E:CD:EF:01:23:45',
    })
    const later = await given.certificate(binh.id, {
      notAfter: iso(50),
      subject: 'CN=Bùi Văn Bình',
    })
    const seal = await given.certificate(org.id, {
      kind: 'organisation',
      notAfter: iso(200),
      subject: 'CN=Sở Xây dựng',
    })
    const expired = await given.certificate(binh.id, {
      notBefore: iso(-400),
      notAfter: iso(-5),
      subject: 'CN=Bùi Văn Bình',
    })
    const future = await given.certificate(binh.id, {
      notBefore: iso(5),
      notAfter: iso(400),
      subject: 'CN=Bùi Văn Bình',
    })
    const revoked = await given.certificate(anna.id, {
      notAfter: iso(20),
      subject: 'CN=Võ Thị Ánh',
    })
    await api.post(`/api/v1/certificates/${revoked.id}/revoke`, { reasonCode: 3 })
    const ids = async (query: string) =>
      (
        await api.get(`/api/v1/certificates?agencyId=${dept.id}&subtree=true&${query}`)
      ).body.items.map((c: any) => c.id)

    expect(await ids('')).toEqual([expired.id, soon.id, revoked.id, later.id, seal.id, future.id])
    expect(
      (await api.get(`/api/v1/certificates?agencyId=${dept.id}`)).body.items.map((c: any) => c.id)
    ).not.toContain(soon.id)
    expect(await ids('kind=organisation')).toEqual([seal.id])
    expect(await ids('status=active')).toEqual([soon.id, later.id, seal.id])
    expect(await ids('status=expiring&days=30')).toEqual([soon.id])
    expect(await ids('status=expiring&days=60')).toEqual([soon.id, later.id])
    expect(await ids('status=expired')).toEqual([expired.id])
    expect(await ids('status=revoked')).toEqual([revoked.id])
    expect(await ids('status=not_yet_valid')).toEqual([future.id])
    expect(await ids(`holderId=${anna.id}`)).toEqual([soon.id, revoked.id])
    expect(await ids(`deviceId=${device.id}`)).toEqual([soon.id])
    expect(await ids('q=vo thi anh')).toEqual([soon.id, revoked.id])
    expect(await ids('q=7ECDEF')).toEqual([soon.id])
    expect(await ids(`q=${encodeURIComponent('7e:cd:ef:01')}`)).toEqual([soon.id])
    expect(await ids('sort=name&status=active')).toEqual([later.id, seal.id, soon.id])
    // Asked to count, the list says how many its filters find, whatever the page's size.
    for (const query of [
      '',
      'kind=organisation',
      'status=active',
      'status=expiring&days=60',
      'status=revoked',
      `holderId=${anna.id}`,
      `deviceId=${device.id}`,
      'q=vo thi anh',
      'sort=name&status=active',
    ]) {
      const page = (
        await api.get(
          `/api/v1/certificates?agencyId=${dept.id}&subtree=true&count=true&limit=1&${query}`
        )
      ).body
      expect([page.total, page.totalCapped], query).toEqual([(await ids(query)).length, false])
    }
    expect(
      (await api.get(`/api/v1/certificates?agencyId=${dept.id}&subtree=true`)).body
    ).not.toHaveProperty('total')
    const statuses = (
      await api.get(`/api/v1/certificates?agencyId=${dept.id}&subtree=true`)
    ).body.items.map((c: any) => [c.id, c.status])
    expect(Object.fromEntries(statuses)).toMatchObject({
      [expired.id]: 'expired',
      [revoked.id]: 'revoked',
      [future.id]: 'not_yet_valid',
      [soon.id]: 'active',
    })
  })

  it('pages through a sorted list with the cursor, every certificate once', async () => {
    const { agency, holder } = await given.person()
    for (let i = 0; i < 11; i++) await given.certificate(holder.id, { notAfter: iso(40 + (i % 4)) })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: any = await api.get(
        `/api/v1/certificates?agencyId=${agency.id}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      )
      seen.push(...page.body.items.map((c: any) => c.id))
      cursor = page.body.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(new Set(seen).size).toBe(12)
  })

  it('pages a search in expiry order exactly like the unsearched list, ties and filters included', async () => {
    // The search index hands out matches by expiry day; pages must still be exact within a day.
    const agency = await given.agency()
    const tran = await given.holder(agency.id, { fullName: 'Trần Thị Hà' })
    const other = await given.holder(agency.id, { fullName: 'Lê Văn Tám' })
    const trang = await given.holder(agency.id, { fullName: 'Trần Thị Trang' })
    const start = Date.parse('2027-03-01T00:00:00Z')
    for (let i = 0; i < 18; i++) {
      // Three days, several certificates a day, some at the very same instant.
      const notAfter = iso(Math.floor(i / 6) + (i % 3) / 24, start)
      await given.certificate([tran, other, trang][i % 3].id, { notAfter })
    }
    const revoked = await given.certificate(trang.id, { notAfter: iso(1, start) })
    await api.post(`/api/v1/certificates/${revoked.id}/revoke`, { reasonCode: 1 })
    const matching = new Set([tran.id, trang.id])
    const all = async (query: string) =>
      (await api.get(`/api/v1/certificates?agencyId=${agency.id}&limit=200&${query}`)).body.items
    const walk = async (query: string, limit: number) => {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page: any = await api.get(
          `/api/v1/certificates?agencyId=${agency.id}&limit=${limit}&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
        )
        seen.push(...page.body.items.map((c: any) => c.id))
        cursor = page.body.nextCursor
      } while (cursor)
      return seen
    }
    for (const [filter, size] of [
      ['', 13],
      ['status=active', 12],
      ['status=revoked', 1],
    ] as const) {
      const expected = (await all(filter))
        .filter((c: any) => matching.has(c.holderId))
        .map((c: any) => c.id)
      expect(expected).toHaveLength(size)
      for (const limit of [1, 2, 5, 50])
        expect(await walk(`q=tran thi&${filter}`, limit), `${filter} by ${limit}`).toEqual(expected)
    }
    expect((await all('status=revoked&q=tran')).map((c: any) => c.id)).toEqual([revoked.id])
  })

  it('answers 400 for a forged cursor, a negative limit or an unknown status', async () => {
    expectProblem(await api.get('/api/v1/certificates?cursor=forged'), 400, 'invalid-cursor')
    expect(expectProblem(await api.get('/api/v1/certificates?limit=-1'), 400).errors[0].path).toBe(
      'limit'
    )
    expect(
      expectProblem(await api.get('/api/v1/certificates?status=suspended'), 400).errors[0].path
    ).toBe('status')
  })
})
