import { describe, expect, it } from 'vitest'
import { api, auditOf, expectProblem, snapshot } from '../helpers/api'
import { given } from '../helpers/given'

describe('holders', () => {
  it('registers a person with a CCCD, shown whole to the department; the audit log masks it', async () => {
    const agency = await given.agency()
    const created = await api.post('/api/v1/holders', {
      kind: 'person',
      fullName: 'Trần Thị Bích Ngọc',
      nationalId: '001203004589',
      position: 'Chánh Văn phòng',
      email: 'ngoc.ttb@skhcn.gov.vn',
      phone: '0912345678',
      agencyId: agency.id,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      kind: 'person',
      fullName: 'Trần Thị Bích Ngọc',
      nationalId: '001203004589',
      agencyId: agency.id,
    })
    const [entry] = await auditOf(created.body.id)
    expect(entry.after).toContain('0012******89')
    expect(entry.after).not.toContain('001203004589')
    expect(entry.after).toContain('0912****78')
  })

  it('refuses a CCCD of the wrong length, a CCCD for an organisation, a CCCD already in the agency, and an unknown agency', async () => {
    const agency = await given.agency()
    await given.holder(agency.id, { nationalId: '079200001234' })
    const before = await snapshot()
    const cases: [unknown, number, string][] = [
      [
        { kind: 'person', fullName: 'A', agencyId: agency.id, nationalId: '07920000123' },
        422,
        'nationalId',
      ],
      [
        { kind: 'person', fullName: 'A', agencyId: agency.id, nationalId: '07920000123X' },
        422,
        'nationalId',
      ],
      [
        {
          kind: 'organisation',
          fullName: 'Sở Y tế',
          agencyId: agency.id,
          nationalId: '079200009999',
        },
        422,
        'nationalId',
      ],
      [
        { kind: 'person', fullName: 'B', agencyId: agency.id, nationalId: '079200001234' },
        409,
        'nationalId',
      ],
      [
        { kind: 'person', fullName: 'C', agencyId: 'agc_01JD8ZQ6XH4M3VJ3QK6N2R7T9W' },
        422,
        'agencyId',
      ],
      [{ kind: 'person', fullName: 'D', agencyId: agency.id, email: 'nope' }, 422, 'email'],
    ]
    for (const [body, status, field] of cases) {
      const problem = expectProblem(await api.post('/api/v1/holders', body), status)
      expect(problem.errors.map((e: any) => e.path)).toContain(field)
      expect(JSON.stringify(problem)).not.toContain('079200001234')
    }
    expect(await snapshot()).toEqual(before)
    // The same person may hold a post in another agency too (kiêm nhiệm).
    const other = await given.agency()
    expect(
      (
        await api.post('/api/v1/holders', {
          kind: 'person',
          fullName: 'B',
          agencyId: other.id,
          nationalId: '079200001234',
        })
      ).status
    ).toBe(201)
  })

  it('finds people by name with or without diacritics, within an agency subtree', async () => {
    const dept = await given.agency()
    const unit = await given.agency({ parentId: dept.id, kind: 'unit' })
    const other = await given.agency()
    const an = await given.holder(unit.id, { fullName: 'Nguyễn Văn An' })
    await given.holder(other.id, { fullName: 'Nguyễn Văn An' })
    await given.holder(unit.id, { fullName: 'Đỗ Đức Dũng' })
    for (const q of ['nguyen van an', 'Nguyễn Văn An', 'NGUYEN VAN'])
      expect(
        (
          await api.get(
            `/api/v1/holders?agencyId=${dept.id}&subtree=true&q=${encodeURIComponent(q)}`
          )
        ).body.items.map((h: any) => h.id)
      ).toEqual([an.id])
    const dung = await api.get(`/api/v1/holders?q=${encodeURIComponent('do duc dung')}`)
    expect(dung.body.items.map((h: any) => h.fullName)).toEqual(['Đỗ Đức Dũng'])
    expect((await api.get(`/api/v1/holders?agencyId=${dept.id}`)).body.items).toEqual([])
  })

  it("renaming a holder re-keys their certificates' search and name order", async () => {
    const agency = await given.agency()
    const holder = await given.holder(agency.id, { fullName: 'Phạm Quang Huy' })
    const certificate = await given.certificate(holder.id, { subject: 'CN=Phòng Kế toán,C=VN' })
    expect(
      (await api.get(`/api/v1/certificates?q=pham quang huy`)).body.items.map((c: any) => c.id)
    ).toEqual([certificate.id])
    const renamed = await api.patch(`/api/v1/holders/${holder.id}`, {
      fullName: 'Lê Thị Hồng Nhung',
    })
    expect(renamed.body).toMatchObject({ fullName: 'Lê Thị Hồng Nhung', version: 2 })
    expect(
      (await api.get('/api/v1/certificates?q=le thi hong nhung')).body.items.map((c: any) => c.id)
    ).toEqual([certificate.id])
    expect((await api.get('/api/v1/certificates?q=pham quang huy')).body.items).toEqual([])
  })
})
