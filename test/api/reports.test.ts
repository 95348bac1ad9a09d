import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { dataVersion } from '../../src/db/reports'
import { all, api, call } from '../helpers/api'
import { given } from '../helpers/given'
import { newKey } from '../helpers/principals'

beforeAll(async () => {
  const now = new Date()
  await env.DB.batch(
    (await provinceStatements(demoProvince(now), now.toISOString())).map((s) => env.DB.prepare(s))
  )
})

describe('the summary report', () => {
  it('equals what the lists return for the same filters, for the province and for one department', async () => {
    const department = (await api.get('/api/v1/agencies?kind=department&limit=1')).body.items[0]
    for (const agencyId of [undefined, department.id]) {
      const scope = agencyId ? `agencyId=${agencyId}&subtree=true&` : ''
      const s = (await api.get(`/api/v1/reports/summary${agencyId ? `?agencyId=${agencyId}` : ''}`))
        .body
      for (const kind of ['personal', 'organisation'] as const) {
        const figures = s.certificates[kind]
        expect(figures.active, `${kind} active`).toBe(
          (await all(`/api/v1/certificates?${scope}kind=${kind}&status=active`)).length
        )
        expect(figures.expiring30, `${kind} 30`).toBe(
          (await all(`/api/v1/certificates?${scope}kind=${kind}&status=expiring&days=30`)).length
        )
        expect(figures.expiring60, `${kind} 60`).toBe(
          (await all(`/api/v1/certificates?${scope}kind=${kind}&status=expiring&days=60`)).length
        )
        expect(figures.expired, `${kind} expired`).toBe(
          (await all(`/api/v1/certificates?${scope}kind=${kind}&status=expired`)).length
        )
        expect(figures.revoked, `${kind} revoked`).toBe(
          (await all(`/api/v1/certificates?${scope}kind=${kind}&status=revoked`)).length
        )
      }
      for (const status of ['in_stock', 'assigned', 'lost'])
        expect(s.devices[status], status).toBe(
          (await all(`/api/v1/devices?${scope}status=${status}`)).length
        )
      expect(s.agencies.coveragePercent).toBeGreaterThan(0)
      expect(s.agencies.coveragePercent).toBeLessThanOrEqual(100)
    }
  })

  it("gives an officer their own subtree, and 404 for another agency's", async () => {
    const [a, b] = (await api.get('/api/v1/agencies?kind=department&limit=2')).body.items
    const officer = await newKey('officer', a.id)
    const mine = await call('GET', '/api/v1/reports/summary', undefined, {}, officer.secret)
    expect(mine.body.agencyId).toBe(a.id)
    const theirs = (await api.get(`/api/v1/reports/summary?agencyId=${a.id}`)).body
    expect({ ...mine.body, asOf: 0, period: 0 }).toEqual({ ...theirs, asOf: 0, period: 0 })
    expect(
      (await call('GET', `/api/v1/reports/summary?agencyId=${b.id}`, undefined, {}, officer.secret))
        .status
    ).toBe(404)
  })
})

describe('the report per agency, rolled up the tree, and the period figures', () => {
  it("rolls each agency's subtree up; the rows and the parent's own add up to the parent's summary", async () => {
    const province = (await api.get('/api/v1/agencies?kind=province')).body.items[0]
    const report = (await api.get(`/api/v1/reports/agencies?parentId=${province.id}`)).body
    const children = (await all(`/api/v1/agencies?parentId=${province.id}&status=active`)).length
    expect(report.rows).toHaveLength(children)
    const whole = (await api.get(`/api/v1/reports/summary?agencyId=${province.id}`)).body
    const own = (
      await all(`/api/v1/certificates?agencyId=${province.id}&kind=personal&status=active`)
    ).length
    const sum = report.rows.reduce((n: number, r: any) => n + r.certificates.personal.active, 0)
    expect(sum + own).toBe(whole.certificates.personal.active)
    const department = report.rows.find((r: any) => r.agency.kind === 'department')
    const departmentSummary = (
      await api.get(`/api/v1/reports/summary?agencyId=${department.agency.id}`)
    ).body
    expect(department.certificates).toEqual(departmentSummary.certificates)
    const csv = await call('GET', `/api/v1/reports/agencies?parentId=${province.id}&format=csv`)
    expect(String(csv.body).split('\r\n').filter(Boolean)).toHaveLength(children + 1)
  })

  it("gives every row exactly the figures of that agency's own summary, at every level", async () => {
    const period = `from=2026-01-01T00:00:00.000Z&to=${encodeURIComponent(new Date().toISOString())}`
    const province = (await api.get('/api/v1/agencies?kind=province')).body.items[0]
    const department = (await api.get(`/api/v1/agencies?parentId=${province.id}&kind=department`))
      .body.items[0]
    for (const parent of [undefined, province.id, department.id]) {
      const report = (
        await api.get(`/api/v1/reports/agencies?${parent ? `parentId=${parent}&` : ''}${period}`)
      ).body
      const children = await all(
        `/api/v1/agencies?${parent ? `parentId=${parent}` : 'kind=province'}&status=active`
      )
      expect(report.rows.map((r: any) => r.agency.id).sort()).toEqual(
        children.map((a) => a.id).sort()
      )
      for (const { agency, ...row } of report.rows) {
        const own = (await api.get(`/api/v1/reports/summary?agencyId=${agency.id}&${period}`)).body
        expect({ ...row, asOf: 0 }, agency.code).toEqual({ ...own, asOf: 0 })
      }
    }
  })

  it('reports every agency of a wide parent, computed together (not one batch per agency)', async () => {
    const parent = await given.agency({ name: 'Ủy ban nhân dân tỉnh thử', kind: 'province' })
    const wide = 230 // more than a page of agencies, and 8 statements each would pass 1,000
    for (let i = 0; i < wide; i += 23)
      await Promise.all(
        Array.from({ length: 23 }, (_, j) =>
          given.agency({ parentId: parent.id, name: `Xã thử ${i + j}`, kind: 'commune' })
        )
      )
    const report = await api.get(`/api/v1/reports/agencies?parentId=${parent.id}`)
    expect(report.status).toBe(200)
    expect(report.body.rows).toHaveLength(wide)
    expect(report.body.rows.map((r: any) => r.agency.name)).toEqual(
      (await all(`/api/v1/agencies?parentId=${parent.id}&status=active`)).map((a) => a.name)
    )
    expect(report.body.rows.every((r: any) => r.agencies.active === 1)).toBe(true)
  })

  it('counts revocations by reason, and new issues, renewals and re-issues apart, in the period', async () => {
    const from = new Date(Date.now() - 1000).toISOString()
    const before = (await api.get(`/api/v1/reports/summary?from=${encodeURIComponent(from)}`)).body
      .period
    const [a, b] = (await api.get('/api/v1/certificates?status=active&limit=2')).body.items
    await api.post(`/api/v1/certificates/${a.id}/revoke`, { reasonCode: 3 })
    const renewal = await api.post(`/api/v1/certificates/${b.id}/renew`, {
      serial: 'ABCD0042',
      issuer: b.issuer,
      subject: b.subject,
      notBefore: new Date().toISOString(),
      notAfter: new Date(Date.parse(b.notAfter) + 86_400_000 * 365).toISOString(),
    })
    expect(renewal.status).toBe(201)
    // A change of details replaces the renewal, and revokes it (4, superseded).
    const reissue = await api.post('/api/v1/certificates', {
      kind: renewal.body.kind,
      holderId: renewal.body.holderId,
      serial: 'ABCD0043',
      issuer: b.issuer,
      subject: b.subject,
      notBefore: new Date().toISOString(),
      notAfter: renewal.body.notAfter,
      replacesId: renewal.body.id,
      replacement: 'change',
    })
    expect(reissue.status).toBe(201)
    const after = (await api.get(`/api/v1/reports/summary?from=${encodeURIComponent(from)}`)).body
      .period
    expect(after.revocationsByReason['3'] ?? 0).toBe((before.revocationsByReason['3'] ?? 0) + 1)
    expect(after.renewals).toBe(before.renewals + 1)
    expect(after.reissues).toBe(before.reissues + 1)
    expect(after.issued).toBe(before.issued)
    expect(after.revocationsByReason['4'] ?? 0).toBe((before.revocationsByReason['4'] ?? 0) + 1)
  })
})

describe('the expiries report', () => {
  it('counts what the summary counts as expiring, per agency and by month, for the registry and a subtree', async () => {
    const department = (await api.get('/api/v1/agencies?kind=department&limit=1')).body.items[0]
    for (const agencyId of [undefined, department.id]) {
      const query = agencyId ? `?agencyId=${agencyId}` : ''
      const report = await api.get(`/api/v1/reports/expiries${query}`)
      expect(report.status).toBe(200)
      const { months, agencies } = report.body
      const thisMonth = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7)
      expect(months).toHaveLength(12)
      expect(months[0].month).toBe(thisMonth)
      const s = (await api.get(`/api/v1/reports/summary${query}`)).body
      const due = (f: 'expiring30' | 'expiring60') =>
        s.certificates.personal[f] + s.certificates.organisation[f]
      if (agencies.length < 20) {
        expect(agencies.reduce((n: number, a: any) => n + a.within60, 0)).toBe(due('expiring60'))
        expect(agencies.reduce((n: number, a: any) => n + a.within30, 0)).toBe(due('expiring30'))
      }
      expect(months.reduce((n: number, m: any) => n + m.count, 0)).toBeGreaterThanOrEqual(
        due('expiring60')
      )
    }
  })
})

describe('kept summaries (KV, under the data version)', () => {
  /** The data version of an agency's subtree, or of the registry. */
  const version = (agencyId?: string) => dataVersion(env.DB, agencyId)
  const kept = async () => (await env.CACHE.list({ prefix: 'summary/' })).keys.map((k) => k.name)

  it('answers the kept figures until a write, then computes them again', async () => {
    const agency = (await api.get('/api/v1/agencies?kind=department&limit=1')).body.items[0]
    const path = `/api/v1/reports/summary?agencyId=${agency.id}`
    const first = await api.get(path)
    const v = await version(agency.id)
    await new Promise((r) => setTimeout(r, 20))
    const again = await api.get(path)
    expect(again.body).toEqual(first.body) // the same asOf: kept, not recomputed
    expect(Number(again.headers.get('age'))).toBeGreaterThanOrEqual(0)
    expect((await kept()).some((k) => k.startsWith(`summary/${v}/${agency.id}/`))).toBe(true)

    // A write anywhere in what the summary counts moves the version on: the next answer is new.
    const holder = (await api.get(`/api/v1/holders?agencyId=${agency.id}&kind=person&limit=1`)).body
      .items[0]
    const created = await api.post('/api/v1/certificates', {
      kind: 'personal',
      serial: 'ABCD7700',
      issuer: 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN',
      subject: `CN=${holder.fullName},C=VN`,
      holderId: holder.id,
      notBefore: new Date(Date.now() - 86_400_000).toISOString(),
      notAfter: new Date(Date.now() + 200 * 86_400_000).toISOString(),
    })
    expect(created.status).toBe(201)
    expect(await version(agency.id)).toBeGreaterThan(v)
    const after = (await api.get(path)).body
    expect(after.asOf > first.body.asOf).toBe(true)
    expect(after.certificates.personal.active).toBe(first.body.certificates.personal.active + 1)

    // Asked for fresh figures, the summary is computed now even with nothing changed.
    const fresh = (await api.get(path, { 'cache-control': 'no-cache' })).body
    expect(fresh.asOf > after.asOf).toBe(true)
    expect(fresh.certificates).toEqual(after.certificates)
    // Anyone else asking for fresh figures gets them at most a minute old: no recount at will.
    const auditor = await newKey('auditor')
    const key = `summary/${await version(agency.id)}/${agency.id}//`
    await vi.waitFor(async () =>
      expect((await env.CACHE.get<any>(key, 'json'))?.asOf).toBe(fresh.asOf)
    )
    const asked = await call(
      'GET',
      path,
      undefined,
      { 'cache-control': 'no-cache' },
      auditor.secret
    )
    expect(asked.body.asOf).toBe(fresh.asOf)
  })

  it('answers a summary kept over a minute at once and refreshes it behind; over five, computes it', async () => {
    const agency = (await api.get('/api/v1/agencies?kind=department&limit=2')).body.items[1]
    const path = `/api/v1/reports/summary?agencyId=${agency.id}`
    const computed = (await api.get(path)).body
    const key = `summary/${await version(agency.id)}/${agency.id}//`
    const keptAt = async () => (await env.CACHE.get<any>(key, 'json'))?.asOf
    await vi.waitFor(async () => expect(await keptAt()).toBe(computed.asOf))

    const twoMinutesOld = { ...computed, asOf: new Date(Date.now() - 120_000).toISOString() }
    await env.CACHE.put(key, JSON.stringify(twoMinutesOld))
    const stale = await api.get(path)
    expect(stale.body.asOf).toBe(twoMinutesOld.asOf)
    expect(Number(stale.headers.get('age'))).toBeGreaterThanOrEqual(120)
    await vi.waitFor(async () =>
      expect(Date.parse(await keptAt())).toBeGreaterThan(Date.now() - 10_000)
    )

    const sixMinutesOld = { ...computed, asOf: new Date(Date.now() - 360_000).toISOString() }
    await env.CACHE.put(key, JSON.stringify(sixMinutesOld))
    const recomputed = (await api.get(path)).body
    expect(Date.parse(recomputed.asOf)).toBeGreaterThan(Date.now() - 10_000)
    expect(recomputed.certificates).toEqual(computed.certificates)
  })

  it('keeps the report per agency the same way, as one value', async () => {
    const province = (await api.get('/api/v1/agencies?kind=province')).body.items[0]
    const path = `/api/v1/reports/agencies?parentId=${province.id}`
    const first = await api.get(path)
    const v = await version(province.id)
    await vi.waitFor(async () =>
      expect((await env.CACHE.list({ prefix: `agencies/${v}/${province.id}/` })).keys).toHaveLength(
        1
      )
    )
    const again = await api.get(path)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('age')).toMatch(/^\d+$/)
    const csv = await call('GET', `${path}&format=csv`)
    expect(String(csv.body).split('\r\n').filter(Boolean)).toHaveLength(first.body.rows.length + 1)

    const row = first.body.rows[0]
    const device = await given.device(row.agency.id)
    expect(device.status).toBe('in_stock')
    const after = (await api.get(path)).body
    expect(after.asOf > first.body.asOf).toBe(true)
    const changed = after.rows.find((r: any) => r.agency.id === row.agency.id)
    expect(changed.devices.in_stock).toBe(row.devices.in_stock + 1)

    const fresh = (await api.get(path, { 'cache-control': 'no-cache' })).body
    expect(fresh.asOf > after.asOf).toBe(true)
    const figures = (r: any) => [r.certificates, r.devices, r.agencies, r.notices]
    expect(fresh.rows.map(figures)).toEqual(after.rows.map(figures))
  })

  it("keeps a subtree's figures while other agencies change; a write inside, or an agency moved in or out, expires them", async () => {
    const [a, b] = (await api.get('/api/v1/agencies?kind=department&limit=2')).body.items
    const summaryOf = async (id: string) =>
      (await api.get(`/api/v1/reports/summary?agencyId=${id}`)).body
    const firstA = await summaryOf(a.id)
    const [va, vRegistry] = [await version(a.id), await version()]

    const device = await given.device(b.id)
    expect(device.status).toBe('in_stock')
    expect(await version()).toBeGreaterThan(vRegistry)
    expect(await version(a.id)).toBe(va)
    expect(await summaryOf(a.id)).toEqual(firstA) // kept: the same asOf
    expect((await summaryOf(b.id)).devices.in_stock).toBeGreaterThan(0)

    const unit = await given.agency({ parentId: a.id, kind: 'unit', name: 'Phòng thử' })
    expect(await version(a.id)).toBeGreaterThan(va)
    const [withUnitA, beforeB] = [await summaryOf(a.id), await summaryOf(b.id)]
    expect(withUnitA.agencies.active).toBe(firstA.agencies.active + 1)

    const [vaBefore, vbBefore] = [await version(a.id), await version(b.id)]
    const moved = await api.patch(
      `/api/v1/agencies/${unit.id}`,
      { parentId: b.id },
      { 'if-match': `"v${unit.version}"` }
    )
    expect(moved.status).toBe(200)
    expect(await version(a.id)).toBeGreaterThan(vaBefore)
    expect(await version(b.id)).toBeGreaterThan(vbBefore)
    expect((await summaryOf(a.id)).agencies.active).toBe(firstA.agencies.active)
    expect((await summaryOf(b.id)).agencies.active).toBe(beforeB.agencies.active + 1)
  })

  it('does not move the version on a refused write, and keeps each scope apart', async () => {
    const [cert] = (await api.get('/api/v1/certificates?status=active&limit=1')).body.items
    const v = await version()
    const refused = await api.post(
      `/api/v1/certificates/${cert.id}/revoke`,
      { reasonCode: 1 },
      { 'if-match': '"v999"' }
    )
    expect(refused.status).toBe(412)
    expect(await version()).toBe(v)

    const department = (await api.get('/api/v1/agencies?kind=department&limit=1')).body.items[0]
    const officer = await newKey('officer', department.id)
    const whole = (await api.get('/api/v1/reports/summary')).body
    const own = (await call('GET', '/api/v1/reports/summary', undefined, {}, officer.secret)).body
    expect(own.agencyId).toBe(department.id)
    expect(whole.agencyId).toBeNull()
    expect(own.certificates.personal.active).toBeLessThan(whole.certificates.personal.active)
  })
})

describe('the activity report (admins)', () => {
  it('counts notices, imports and the schedules from D1', async () => {
    const activity = (await api.get('/api/v1/reports/activity')).body
    expect(activity).toMatchObject({
      noticesCreated: expect.any(Number),
      imports: expect.any(Number),
      lastExpiryScan: null,
    })
    const auditor = await newKey('auditor')
    expect(
      (await call('GET', '/api/v1/reports/activity', undefined, {}, auditor.secret)).status
    ).toBe(403)
  })
})
