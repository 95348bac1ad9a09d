import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { api, auditOf, count, expectProblem, snapshot } from '../helpers/api'

beforeAll(async () => {
  const now = new Date()
  await env.DB.batch(
    (await provinceStatements(demoProvince(now), now.toISOString())).map((s) => env.DB.prepare(s))
  )
})

const summary = async (agencyId?: string) =>
  (await api.get(`/api/v1/reports/summary${agencyId ? `?agencyId=${agencyId}` : ''}`)).body

describe('merging agencies (sáp nhập)', () => {
  it('moves holders, devices and active personal certificates, keeps history under both, and lists the seal certificates to redo', async () => {
    const [a, b] = (await api.get('/api/v1/agencies?kind=commune&limit=2')).body.items
    const [province, sa, sb] = [await summary(), await summary(a.id), await summary(b.id)]
    const holdersOfA = await count('holders', "agency_id = ?1 AND kind = 'person'", a.id)
    const res = await api.post(
      `/api/v1/agencies/${a.id}/merge`,
      { successorId: b.id, note: 'Nghị quyết sắp xếp đơn vị hành chính cấp xã 2025' },
      { 'if-match': `"v${a.version}"` }
    )
    expect(res.status).toBe(200)
    expect(res.body.agency).toMatchObject({ id: a.id, status: 'merged', successorId: b.id })
    expect(res.body.moved.holders).toBe(holdersOfA)
    expect(res.body.moved.certificates).toBe(sa.certificates.personal.active)
    expect(
      res.body.toChangeOrRevoke.items.every(
        (c: any) => c.kind === 'organisation' && c.agencyId === a.id
      )
    ).toBe(true)
    expect(res.body.toChangeOrRevoke.items).toHaveLength(sa.certificates.organisation.active)

    const [after, sbAfter, saAfter] = [await summary(), await summary(b.id), await summary(a.id)]
    // The province's figures do not change; one agency fewer is active.
    expect(after.certificates).toEqual(province.certificates)
    expect(after.devices).toEqual(province.devices)
    expect(after.agencies.active).toBe(province.agencies.active - 1)
    // Everything of A is now counted under B (moved, or history readable under the successor).
    for (const kind of ['personal', 'organisation'] as const)
      for (const figure of ['active', 'expiring30', 'expiring60', 'expired', 'revoked'] as const)
        expect(sbAfter.certificates[kind][figure], `${kind} ${figure}`).toBe(
          sa.certificates[kind][figure] + sb.certificates[kind][figure]
        )
    // A's own records are still readable under A: its history and its seal certificates.
    expect(saAfter.certificates.organisation.active).toBe(sa.certificates.organisation.active)
    expect(saAfter.certificates.personal.active).toBe(0)
    // Its persons moved; its own organisation holder (the seal's subject) stays with its history.
    expect(await count('holders', "agency_id = ?1 AND kind = 'person'", a.id)).toBe(0)
    expect(await count('holders', "agency_id = ?1 AND kind = 'organisation'", a.id)).toBe(1)
    expect((await auditOf(a.id)).map((e) => e.action)).toContain('agency.merge')
  })

  it('refuses to merge into itself, its own unit, or a merged agency, and a stale version, moving nothing', async () => {
    const [parent] = (await api.get('/api/v1/agencies?kind=department&limit=1')).body.items
    const unit = (await api.get(`/api/v1/agencies?parentId=${parent.id}`)).body.items[0]
    const merged = (await api.get('/api/v1/agencies?status=merged')).body.items[0]
    const [c1, c2] = (await api.get('/api/v1/agencies?kind=commune&status=active&limit=2')).body
      .items
    const before = await snapshot()
    expectProblem(
      await api.post(`/api/v1/agencies/${parent.id}/merge`, { successorId: parent.id }),
      409,
      'agency-cycle'
    )
    expectProblem(
      await api.post(`/api/v1/agencies/${parent.id}/merge`, { successorId: unit.id }),
      409,
      'agency-cycle'
    )
    expectProblem(
      await api.post(`/api/v1/agencies/${c1.id}/merge`, { successorId: merged.id }),
      409,
      'agency-not-active'
    )
    expectProblem(
      await api.post(
        `/api/v1/agencies/${c1.id}/merge`,
        { successorId: c2.id },
        { 'if-match': '"v99"' }
      ),
      412,
      'stale-version'
    )
    expectProblem(
      await api.post(`/api/v1/agencies/${c1.id}/merge`, {
        successorId: 'agc_01JD8ZQ6XH4M3VJ3QK6N2R7T9W',
      }),
      422
    )
    expect(await snapshot()).toEqual(before)
  })
})
