import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { api, count } from '../helpers/api'

const now = new Date()

describe('the demo province that npm start seeds', () => {
  beforeAll(async () => {
    const statements = await provinceStatements(demoProvince(now), now.toISOString())
    await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)))
  })

  it('is the size of a real province', async () => {
    expect(await count('agencies', "kind = 'department'")).toBeGreaterThanOrEqual(25)
    expect(await count('agencies', "kind = 'commune'")).toBeGreaterThanOrEqual(90)
    expect(await count('certificates', "kind = 'personal'")).toBeGreaterThan(2700)
    expect(await count('certificates', "kind = 'organisation'")).toBeGreaterThan(450)
    expect(await count('devices')).toBe(120)
  })

  it('has revocations, renewals, expired certificates and custody history', async () => {
    expect(await count('certificates', 'revoked_at IS NOT NULL')).toBeGreaterThan(30)
    expect(await count('certificates', 'replaced_by_id IS NOT NULL')).toBeGreaterThan(30)
    expect(await count('device_assignments', 'returned_at IS NOT NULL')).toBeGreaterThan(50)
    const expiring = await api.get('/api/v1/certificates?status=expiring&days=60&limit=200')
    expect(expiring.body.items.length).toBeGreaterThan(20)
    expect((await api.get('/api/v1/certificates?status=expired&limit=5')).body.items).toHaveLength(
      5
    )
  })

  it('keeps the custody invariants: a device is assigned exactly when it has one open ledger entry', async () => {
    const broken = await env.DB.prepare(
      `SELECT d.id FROM devices d LEFT JOIN device_assignments a ON a.device_id = d.id AND a.returned_at IS NULL
       WHERE (d.status = 'assigned') <> (a.id IS NOT NULL) OR (a.id IS NOT NULL AND a.holder_id <> d.holder_id)`
    ).all()
    expect(broken.results).toEqual([])
  })

  it('is found by the API, with diacritic-insensitive search, and the same every time', async () => {
    const search = await api.get('/api/v1/certificates?q=nguyen&limit=3')
    expect(search.body.items.length).toBe(3)
    expect(search.body.items.every((c: any) => /Nguyễn/.test(c.subject))).toBe(true)
    expect(JSON.stringify(demoProvince(now))).toBe(JSON.stringify(demoProvince(now)))
  })
})
