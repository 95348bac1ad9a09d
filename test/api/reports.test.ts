import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { api, call } from '../helpers/api'
import { newKey } from '../helpers/principals'

/** Every row a list returns for a query, following the cursor. */
async function all(path: string, token?: string) {
  const items: any[] = []
  let cursor: string | null = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const page: any = await call(
      'GET',
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      undefined,
      {},
      token
    )
    items.push(...page.body.items)
    cursor = page.body.nextCursor
  } while (cursor)
  return items
}

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

  it('counts revocations by reason and renewals in the period', async () => {
    const from = new Date(Date.now() - 1000).toISOString()
    const before = (await api.get(`/api/v1/reports/summary?from=${encodeURIComponent(from)}`)).body
      .period
    const [a, b] = (await api.get('/api/v1/certificates?status=active&limit=2')).body.items
    await api.post(`/api/v1/certificates/${a.id}/revoke`, { reasonCode: 3 })
    await api.post(`/api/v1/certificates/${b.id}/renew`, {
      serial: 'ABCD0042',
      issuer: b.issuer,
      subject: b.subject,
      notBefore: b.notBefore,
      notAfter: new Date(Date.parse(b.notAfter) + 86_400_000 * 365).toISOString(),
    })
    const after = (await api.get(`/api/v1/reports/summary?from=${encodeURIComponent(from)}`)).body
      .period
    expect(after.revocationsByReason['3'] ?? 0).toBe((before.revocationsByReason['3'] ?? 0) + 1)
    expect(after.renewals).toBe(before.renewals + 1)
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
