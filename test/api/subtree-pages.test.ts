import { beforeAll, describe, expect, it } from 'vitest'
import { api, call } from '../helpers/api'
import { given, iso } from '../helpers/given'
import { newKey } from '../helpers/principals'
import { fold } from '../../src/lib/text'

// A subtree's lists are read agency by agency and merged (src/db/query.ts pageQuery); every page
// walk must equal the whole registry's list cut to the subtree, in the same order.

const start = Date.now()
let world: { province: any; a: any; a1: any; b: any; merged: any; outside: any }
let officer: string

/** Every item of a list, page by page (`limit` at a time), as seen by `token`. */
async function walk(path: string, limit: number, token?: string) {
  const seen: any[] = []
  let cursor: string | null = null
  do {
    const page: any = await call(
      'GET',
      `${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      undefined,
      {},
      token
    )
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    expect(page.body.items.length).toBeLessThanOrEqual(limit)
    seen.push(...page.body.items)
    cursor = page.body.nextCursor
  } while (cursor)
  return seen.map((item) => item.id)
}

/** The whole registry's list (one page), cut to the given agencies. */
async function wholeListIn(path: string, agencies: any[]) {
  const ids = new Set(agencies.map((a) => a.id))
  const all = (await api.get(`${path}&limit=200`)).body.items
  expect(all.length).toBeLessThan(200)
  return all.filter((item: any) => ids.has(item.agencyId)).map((item: any) => item.id)
}

beforeAll(async () => {
  const province = await given.agency({ kind: 'province', name: 'UBND tỉnh Thử nghiệm' })
  const a = await given.agency({ parentId: province.id, name: 'Sở Y tế' })
  const a1 = await given.agency({ parentId: a.id, kind: 'unit', name: 'Phòng Nghiệp vụ' })
  const b = await given.agency({ parentId: province.id, name: 'Sở Tư pháp' })
  const merged = await given.agency({ kind: 'commune', name: 'UBND xã Cũ' })
  const outside = await given.agency({ kind: 'province', name: 'UBND tỉnh Bên cạnh' })
  world = { province, a, a1, b, merged, outside }
  const names = ['Trần Thị Hà', 'Lê Văn Tám', 'Ánh Nguyệt', 'Bùi Đức', 'Võ Minh']
  let i = 0
  for (const agency of [province, a, a1, b, merged, outside]) {
    const person = await given.holder(agency.id, { fullName: names[i % names.length] })
    const seal = await given.holder(agency.id, { kind: 'organisation', fullName: agency.name })
    await given.device(agency.id)
    await given.device(agency.id)
    for (let j = 0; j < 5; j++, i++) {
      // Shared instants across agencies (ties broken by id), expired and future ones among them.
      const day = (i % 4) * 20 - 30
      const c = await given.certificate(person.id, {
        notBefore: iso(day - 700, start),
        notAfter: iso(day + (j % 2) / 24, start),
      })
      if (i % 7 === 3) await api.post(`/api/v1/certificates/${c.id}/revoke`, { reasonCode: 1 })
    }
    await given.certificate(seal.id, {
      kind: 'organisation',
      subject: `CN=${agency.name},C=VN`,
      notBefore: iso(-10, start),
      notAfter: iso(40, start),
    })
  }
  const merge = await api.post(
    `/api/v1/agencies/${merged.id}/merge`,
    { successorId: b.id, note: 'sáp nhập' },
    { 'if-match': `"v${merged.version}"` }
  )
  expect(merge.status).toBe(200)
  officer = (await newKey('officer', province.id)).secret
})

describe('lists of a subtree, read agency by agency', () => {
  const queries = [
    '',
    'kind=organisation',
    'status=active',
    'status=expiring&days=60',
    'status=expired',
    'status=revoked',
    'sort=name',
    'sort=name&kind=personal',
    'sort=agency',
    'sort=agency&status=expiring&days=60',
  ]

  it.each(queries)(
    'certificates ?%s: every page size equals the whole list cut to the subtree',
    async (query) => {
      const { province, a, a1, b, merged } = world
      const subtree = [province, a, a1, b, merged]
      const expected = await wholeListIn(`/api/v1/certificates?${query}`, subtree)
      expect(expected.length).toBeGreaterThan(0)
      for (const limit of [1, 4, 50]) {
        const path = `/api/v1/certificates?agencyId=${province.id}&subtree=true&${query}`
        expect(await walk(path, limit), `${query} by ${limit}`).toEqual(expected)
        // An officer of the province gets the same list without asking for it.
        expect(await walk(`/api/v1/certificates?${query}`, limit, officer)).toEqual(expected)
      }
      // Within the officer's scope, a smaller subtree.
      expect(
        await walk(`/api/v1/certificates?agencyId=${a.id}&subtree=true&${query}`, 3, officer)
      ).toEqual(await wholeListIn(`/api/v1/certificates?${query}`, [a, a1]))
    }
  )

  it('sorted by agency: agencies by name, each one’s certificates by expiry, searched or not', async () => {
    // An agency named with the longest name allowed, quotes included: its cursor still fits.
    const long = await given.agency({
      name: `Ban “Quản lý” "dự án" ${'đầu tư xây dựng '.repeat(30)}`.slice(0, 300),
    })
    const official = await given.holder(long.id, { fullName: 'Trần Văn Dài' })
    for (const day of [5, 5, 9])
      await given.certificate(official.id, {
        notBefore: iso(day - 700, start),
        notAfter: iso(day, start),
      })
    const names = new Map<string, string>()
    const agencyKey = async (id: string) => {
      if (!names.has(id)) names.set(id, fold((await api.get(`/api/v1/agencies/${id}`)).body.name))
      return names.get(id)!
    }
    for (const query of ['', 'status=expired', 'kind=organisation', 'q=tran', 'q=sở']) {
      const all = (await api.get(`/api/v1/certificates?${query}&limit=200`)).body.items
      expect(all.length, query).toBeGreaterThan(0)
      const keyed = await Promise.all(
        all.map(async (c: any) => [await agencyKey(c.agencyId), c.agencyId, c.notAfter, c.id])
      )
      const expected = keyed
        .sort((x, y) => {
          for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1
          return 0
        })
        .map((k) => k[3])
      for (const limit of [1, 4, 200])
        expect(await walk(`/api/v1/certificates?sort=agency&${query}`, limit), query).toEqual(
          expected
        )
    }
  })

  it('holders and devices of a subtree page the same way', async () => {
    const { province, a, a1, b, merged } = world
    const subtree = [province, a, a1, b, merged]
    for (const resource of ['holders', 'devices'] as const) {
      const expected = await wholeListIn(`/api/v1/${resource}?`, subtree)
      expect(expected.length).toBeGreaterThan(4)
      for (const limit of [1, 3, 50])
        expect(
          await walk(`/api/v1/${resource}?agencyId=${province.id}&subtree=true`, limit),
          `${resource} by ${limit}`
        ).toEqual(expected)
      expect(await walk(`/api/v1/${resource}?`, 2, officer)).toEqual(expected)
    }
  })
})
