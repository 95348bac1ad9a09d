import { env, SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, api, count, expectProblem, snapshot } from '../helpers/api'
import { given } from '../helpers/given'
import { importSheet } from '../fixtures/import-sheet'
import writeXlsxFile from 'write-excel-file/universal'
import { cellText, readXlsxRows, XLSX_TYPE } from '../../src/lib/xlsx'

let agencies: { code: string; name: string }[]
const upload = async (csv: string, query = '') => {
  const res = await SELF.fetch(`http://registry.test/api/v1/imports/certificates${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/csv' },
    body: csv,
  })
  return { status: res.status, body: (await res.json()) as any, headers: res.headers }
}

const uploadFile = async (bytes: Uint8Array, type: string, query = '') => {
  const res = await SELF.fetch(`http://registry.test/api/v1/imports/certificates${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': type },
    body: bytes,
  })
  return { status: res.status, body: (await res.json()) as any, headers: res.headers }
}

beforeAll(async () => {
  // The import takes issuers only by their registered names (or aliases).
  await api.post('/api/v1/issuers', {
    dn: 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN',
    aliases: ['Ban Cơ yếu Chính phủ'],
  })
  agencies = []
  for (const [code, name] of [
    ['SKHCN', 'Sở Khoa học và Công nghệ'],
    ['SYT', 'Sở Y tế'],
    ['X.TANPHU', 'Ủy ban nhân dân xã Tân Phú'],
  ]) {
    await given.agency({ code, name })
    agencies.push({ code, name })
  }
})

describe("importing the department's spreadsheet", () => {
  const { csv, bad } = importSheet(10_000, [
    { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ' },
    { code: 'SYT', name: 'Sở Y tế' },
    { code: 'X.TANPHU', name: 'Ủy ban nhân dân xã Tân Phú' },
  ])

  it('previews 10,000 rows with a dry run: counts, and every bad row by line, column and reason; writes nothing', async () => {
    const before = await snapshot()
    const dry = await upload(csv, '?dryRun=true')
    expect(dry.status).toBe(200)
    expect(dry.body).toMatchObject({
      dryRun: true,
      rows: 10_000,
      created: 10_000 - bad.length,
      updated: 0,
      unchanged: 0,
    })
    expect(dry.body.rejected).toHaveLength(bad.length)
    const reasons = dry.body.rejected.map((r: any) => `${r.column}: ${r.reason}`)
    expect(reasons).toContain('Ngày hiệu lực: không phải ngày hợp lệ (dd/mm/yyyy)')
    expect(reasons).toContain('Số hiệu (serial): bắt buộc')
    expect(reasons).toContain('Số CCCD: số CCCD gồm đúng 12 chữ số')
    expect(reasons).toContain('Mã cơ quan: không có cơ quan mã KHONG-CO')
    expect(reasons).toContain('Ngày hết hạn: phải sau thời điểm bắt đầu hiệu lực')
    expect(reasons).toContain('Loại: phải là «cá nhân», «tổ chức» hoặc «thiết bị, dịch vụ»')
    // Line numbers are the file's: quoted line breaks push later rows down.
    const first = bad[0].row
    const linesBefore = 1 + first + Math.ceil(first / 10) // header, rows, one extra line per quoted break
    expect(dry.body.rejected[0].line).toBe(linesBefore + 1)
    expect(await snapshot()).toEqual(before)
  })

  it('imports them: the same counts as the dry run, one import id in the audit log; a second run changes nothing', async () => {
    const dry = (await upload(csv, '?dryRun=true')).body
    const real = await upload(csv)
    expect(real.status).toBe(200)
    expect({ ...real.body, importId: '', dryRun: true }).toEqual({ ...dry, importId: '' })
    expect(await count('certificates')).toBe(dry.created)
    const byImport = await env.DB.prepare(
      'SELECT action, count(*) AS n FROM audit_log WHERE request_id = ?1 GROUP BY action'
    )
      .bind(real.body.importId)
      .all<{ action: string; n: number }>()
    expect(Object.fromEntries(byImport.results.map((r) => [r.action, r.n]))).toMatchObject({
      'certificate.create': dry.created,
      'import.run': 1,
    })
    expect((await api.get('/api/v1/audit/verify')).body.ok).toBe(true)
    // NFD names were stored NFC, and are found without diacritics.
    const holder = (await env.DB.prepare('SELECT full_name FROM holders LIMIT 1').first<{
      full_name: string
    }>())!.full_name
    expect(holder).toBe(holder.normalize('NFC'))
    expect(
      (await api.get(`/api/v1/holders?q=${encodeURIComponent(holder.normalize('NFD'))}`)).body.items
        .length
    ).toBeGreaterThan(0)
    const before = await snapshot()
    const again = await upload(csv)
    expect(again.body).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: dry.created,
      holdersCreated: 0,
      devicesCreated: 0,
    })
    expect({ ...(await snapshot()), audit_log: [] }).toEqual({ ...before, audit_log: [] })
  })

  it('round-trips: what the export writes, the import reads back unchanged', async () => {
    const res = await SELF.fetch('http://registry.test/api/v1/exports/certificates.csv', {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
    const exported = await res.text()
    const back = await upload(exported, '?dryRun=true')
    expect(back.body).toMatchObject({ created: 0, updated: 0, rejected: [] })
    expect(back.body.unchanged).toBe(await count('certificates'))
  })

  it('round-trips as a workbook too: the .xlsx export imports back unchanged', async () => {
    const res = await SELF.fetch('http://registry.test/api/v1/exports/certificates.xlsx', {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE)
    const workbook = new Uint8Array(await res.arrayBuffer())
    const rows = await readXlsxRows(workbook)
    expect(rows[0].data.slice(0, 3)).toEqual(['Họ tên', 'Số CCCD', 'Chức vụ'])
    // A CCCD stays text, with its leading zero.
    expect(rows.slice(1).some((r) => /^0\d{11}$/.test(r.data[1]))).toBe(true)
    const back = await uploadFile(workbook, XLSX_TYPE, '?dryRun=true')
    expect(back.body).toMatchObject({ created: 0, updated: 0, rejected: [] })
    expect(back.body.unchanged).toBe(await count('certificates'))
  })

  it('reads a workbook as Excel keeps it: date cells as days, a CCCD typed as a number refused', async () => {
    const day = (y: number, m: number, d: number) => ({
      type: Date,
      value: new Date(Date.UTC(y, m - 1, d)),
      format: 'dd/mm/yyyy',
    })
    const header = [
      'Họ tên',
      'Số CCCD',
      'Mã cơ quan',
      'Loại',
      'Số hiệu',
      'Tổ chức cấp',
      'Ngày hiệu lực',
      'Ngày hết hạn',
    ]
    const row = (name: string, cccd: unknown, serial: string) => [
      { value: name },
      cccd,
      { value: 'SYT' },
      { value: 'Cá nhân' },
      { value: serial },
      { value: 'Ban Cơ yếu Chính phủ' },
      day(2026, 1, 1),
      day(2028, 12, 31),
    ]
    const blob = await writeXlsxFile([
      header.map((value) => ({ value })),
      row('Trần Văn Ngày', { type: String, value: '001099000123' }, 'AB0001'),
      // Typed as a number, "001099000124" loses its leading zeros.
      row('Trần Văn Số', { type: Number, value: 1099000124 }, 'AB0002'),
    ] as never).toBlob()
    const before = await snapshot()
    const dry = await uploadFile(
      new Uint8Array(await blob.arrayBuffer()),
      XLSX_TYPE,
      '?dryRun=true'
    )
    expect(dry.body).toMatchObject({ rows: 2, created: 1 })
    expect(dry.body.rejected).toEqual([
      expect.objectContaining({ line: 3, column: 'Số CCCD', reason: 'số CCCD gồm đúng 12 chữ số' }),
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a ZIP that is no workbook, writing nothing', async () => {
    const before = await snapshot()
    const zipButNot = new Uint8Array([
      0x50,
      0x4b,
      3,
      4,
      ...new TextEncoder().encode('not a workbook'),
    ])
    expectProblem(await uploadFile(zipButNot, XLSX_TYPE, '?dryRun=false'), 422, 'not-a-workbook')
    expect(await snapshot()).toEqual(before)
  })

  it('reads a date-time cell to the second, whatever the reader rounded', () => {
    expect(cellText(new Date('2028-12-31T23:59:58.999Z'))).toBe('31/12/2028 23:59:59')
    expect(cellText(new Date('2026-01-01T08:29:59.9995Z'))).toBe('01/01/2026 08:30:00')
    expect(cellText(new Date('2026-01-01T00:00:00.000Z'))).toBe('01/01/2026')
    expect(cellText(1203004589)).toBe('1203004589')
  })

  it('offers a template workbook: the headers the import reads, every cell text', async () => {
    const res = await SELF.fetch('http://registry.test/api/v1/imports/certificates/template.xlsx', {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
    expect(res.status).toBe(200)
    const [header, example] = await readXlsxRows(new Uint8Array(await res.arrayBuffer()))
    expect(header.data).toContain('Số CCCD')
    expect(example.data[header.data.indexOf('Số CCCD')]).toBe('001203004589')
    const dry = await uploadFile(
      new Uint8Array(
        await (
          await SELF.fetch('http://registry.test/api/v1/imports/certificates/template.xlsx', {
            headers: { authorization: `Bearer ${ADMIN}` },
          })
        ).arrayBuffer()
      ),
      XLSX_TYPE,
      '?dryRun=true'
    )
    expect(dry.status).toBe(200)
    expect(dry.body.rows).toBe(1)
  })

  it('with atomic=true writes nothing when any row is bad; a missing column refuses the file', async () => {
    const small = importSheet(40, agencies, 99, 0x900000)
    const before = await snapshot()
    const refused = await upload(small.csv, '?atomic=true')
    expectProblem(refused, 422, 'import-rejected')
    expect(refused.body.rejected.length).toBe(small.bad.length)
    expect(await snapshot()).toEqual(before)
    expectProblem(await upload('Họ tên;Số hiệu\nA;01\n'), 422, 'missing-columns')
    expect(await snapshot()).toEqual(before)
  })
})
