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
    expect(mine.body).toEqual({
      ...(await api.get(`/api/v1/reports/summary?agencyId=${a.id}`)).body,
      asOf: mine.body.asOf,
    })
    expect(
      (await call('GET', `/api/v1/reports/summary?agencyId=${b.id}`, undefined, {}, officer.secret))
        .status
    ).toBe(404)
  })
})
