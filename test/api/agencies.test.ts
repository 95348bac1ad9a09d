import { describe, expect, it } from 'vitest'
import { api, auditOf, count, expectProblem, snapshot } from '../helpers/api'
import { given } from '../helpers/given'

describe('agencies', () => {
  it('registers an agency, audits it, and answers it with an ETag', async () => {
    const created = await api.post('/api/v1/agencies', {
      code: 'SKHCN',
      name: 'Sở Khoa học và Công nghệ',
      kind: 'department',
      emails: ['vanthu@skhcn.gov.vn'],
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      code: 'SKHCN',
      kind: 'department',
      parentId: null,
      status: 'active',
      emails: ['vanthu@skhcn.gov.vn'],
      version: 1,
    })
    expect(created.headers.get('location')).toBe(`/api/v1/agencies/${created.body.id}`)
    const read = await api.get(`/api/v1/agencies/${created.body.id}`)
    expect(read.body).toEqual({ ...created.body, formerNames: [] })
    expect(read.headers.get('etag')).toBe('"v1"')
    const audit = await auditOf(created.body.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'agency.create',
      entity: 'agency',
      principal: 'local-admin',
      before: null,
    })
    expect(audit[0].request_id).toBe(created.headers.get('x-request-id'))
  })

  it('builds a tree of any depth and lists children, roots, and by name without diacritics', async () => {
    const province = await given.agency({ kind: 'province', name: 'Ủy ban nhân dân tỉnh Minh Sơn' })
    const dept = await given.agency({ parentId: province.id, name: 'Sở Tài chính' })
    const unit = await given.agency({ parentId: dept.id, kind: 'unit', name: 'Phòng Quản lý giá' })
    await given.agency({ parentId: unit.id, kind: 'unit', name: 'Tổ Đấu thầu' })
    const children = await api.get(`/api/v1/agencies?parentId=${dept.id}`)
    expect(children.body.items.map((a: any) => a.id)).toEqual([unit.id])
    const found = await api.get('/api/v1/agencies?q=to dau thau')
    expect(found.body.items.map((a: any) => a.name)).toEqual(['Tổ Đấu thầu'])
    const roots = await api.get('/api/v1/agencies?roots=true&kind=province')
    expect(roots.body.items.some((a: any) => a.id === province.id)).toBe(true)
    expect(roots.body.items.every((a: any) => a.parentId === null)).toBe(true)
  })

  it('pages with an opaque cursor, every row once', async () => {
    const parent = await given.agency()
    for (let i = 0; i < 7; i++)
      await given.agency({
        parentId: parent.id,
        name: `Phòng ${String.fromCharCode(65 + i)}`,
        kind: 'unit',
      })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await api.get(
        `/api/v1/agencies?parentId=${parent.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`
      )
      expect(page.body.items.length).toBeLessThanOrEqual(3)
      seen.push(...page.body.items.map((a: any) => a.name))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(seen).toEqual([
      'Phòng A',
      'Phòng B',
      'Phòng C',
      'Phòng D',
      'Phòng E',
      'Phòng F',
      'Phòng G',
    ])
  })

  it('changes details with If-Match, and refuses a stale ETag with 412, writing nothing', async () => {
    const agency = await given.agency()
    const changed = await api.patch(
      `/api/v1/agencies/${agency.id}`,
      { name: 'Sở Khoa học và Công nghệ tỉnh' },
      { 'if-match': '"v1"' }
    )
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ name: 'Sở Khoa học và Công nghệ tỉnh', version: 2 })
    expect(changed.headers.get('etag')).toBe('"v2"')
    const before = await snapshot()
    expectProblem(
      await api.patch(`/api/v1/agencies/${agency.id}`, { name: 'X' }, { 'if-match': '"v1"' }),
      412,
      'stale-version'
    )
    expect(await snapshot()).toEqual(before)
  })

  it('refuses to put an agency under itself or its own unit (no cycles)', async () => {
    const top = await given.agency()
    const mid = await given.agency({ parentId: top.id, kind: 'unit' })
    const low = await given.agency({ parentId: mid.id, kind: 'unit' })
    const before = await snapshot()
    expectProblem(
      await api.patch(`/api/v1/agencies/${top.id}`, { parentId: low.id }),
      409,
      'agency-cycle'
    )
    expect(await snapshot()).toEqual(before)
    expect((await api.patch(`/api/v1/agencies/${low.id}`, { parentId: top.id })).status).toBe(200)
  })

  it('refuses bad input with the field named, and writes nothing', async () => {
    await given.agency({ code: 'DUP.1' })
    const before = await snapshot()
    const cases: [unknown, number, string][] = [
      [{ code: 'DUP.1', name: 'X', kind: 'unit' }, 409, 'code'],
      [{ code: 'OK.2', name: 'X', kind: 'ministry' }, 422, 'kind'],
      [{ code: 'có dấu', name: 'X', kind: 'unit' }, 422, 'code'],
      [{ code: 'OK.3', name: '', kind: 'unit' }, 422, 'name'],
      [{ code: 'OK.4', name: 'X', kind: 'unit', emails: ['not-an-email'] }, 422, 'emails.0'],
      [{ code: 'OK.5', name: 'X', kind: 'unit', webhookUrl: 'ftp://x' }, 422, 'webhookUrl'],
      [
        { code: 'OK.6', name: 'X', kind: 'unit', parentId: 'agc_01JD8ZQ6XH4M3VJ3QK6N2R7T9W' },
        422,
        'parentId',
      ],
      [{ code: 'OK.7', name: 'X', kind: 'unit', extra: true }, 422, 'extra'],
    ]
    for (const [body, status, field] of cases) {
      const problem = expectProblem(await api.post('/api/v1/agencies', body), status)
      expect(
        problem.errors?.map((e: any) => e.path),
        JSON.stringify(body)
      ).toContain(field)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('answers 404 for an unknown agency', async () => {
    expectProblem(
      await api.get('/api/v1/agencies/agc_01JD8ZQ6XH4M3VJ3QK6N2R7T9W'),
      404,
      'agency-not-found'
    )
    expect(await count('agencies', 'id = ?1', 'agc_01JD8ZQ6XH4M3VJ3QK6N2R7T9W')).toBe(0)
  })
})
