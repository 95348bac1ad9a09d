import { env, SELF } from 'cloudflare:test'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { ADMIN, api, call } from '../helpers/api'
import { newKey } from '../helpers/principals'
import { fold } from '../../src/lib/text'

const csv = async (path: string, token = ADMIN) => {
  const res = await SELF.fetch(`http://registry.test${path}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const bytes = new Uint8Array(await res.arrayBuffer())
  const text = new TextDecoder().decode(bytes)
  return {
    res,
    text,
    bom: [...bytes.slice(0, 3)],
    rows: Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data,
  }
}

beforeAll(async () => {
  const now = new Date()
  await env.DB.batch(
    (await provinceStatements(demoProvince(now), now.toISOString())).map((s) => env.DB.prepare(s))
  )
})

describe('CSV exports', () => {
  it('streams every certificate the list holds, with the import’s Vietnamese columns, BOM and dd/mm/yyyy times', async () => {
    const { res, bom, rows } = await csv('/api/v1/exports/certificates.csv')
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(bom).toEqual([0xef, 0xbb, 0xbf]) // Excel reads UTF-8 Vietnamese only with it
    expect(rows[0].slice(0, 7)).toEqual([
      'Họ tên',
      'Số CCCD',
      'Chức vụ',
      'Mã cơ quan',
      'Cơ quan',
      'Loại',
      'Số hiệu',
    ])
    const total = (await env.DB.prepare('SELECT count(*) AS n FROM certificates').first<{
      n: number
    }>())!.n
    expect(rows.length - 1).toBe(total)
    expect(rows[1][9]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/)
    expect(new Set(rows.slice(1).map((r) => r[6])).size).toBe(total) // every certificate once, across pages
  })

  it('sorted by agency, across pages: every certificate once, the agencies A–Z', async () => {
    const { rows } = await csv('/api/v1/exports/certificates.csv?sort=agency')
    const total = (await env.DB.prepare('SELECT count(*) AS n FROM certificates').first<{
      n: number
    }>())!.n
    expect(total).toBeGreaterThan(1000) // more than one page of the export
    expect(new Set(rows.slice(1).map((r) => r[6])).size).toBe(total)
    const agencies = rows.slice(1).map((r) => fold(r[4]))
    expect(agencies).toEqual([...agencies].sort())
  })

  it('applies the list filters, and masks the CCCD for anyone but the department', async () => {
    const expiring = (await api.get('/api/v1/certificates?status=expiring&days=60&limit=200')).body
      .items
    const { rows } = await csv('/api/v1/exports/certificates.csv?status=expiring&days=60')
    expect(
      rows
        .slice(1)
        .map((r) => r[6])
        .sort()
    ).toEqual(expiring.map((c: any) => c.serial).sort())
    const auditor = await newKey('auditor')
    const masked = await csv('/api/v1/exports/certificates.csv?kind=personal', auditor.secret)
    expect(masked.rows.slice(1).every((r) => /^\d{4}\*{6}\d\d$/.test(r[1]))).toBe(true)
  })

  it('exports devices with their current holder', async () => {
    const { rows } = await csv('/api/v1/exports/devices.csv')
    expect(rows.length - 1).toBe(120)
    const assigned = rows.slice(1).filter((r) => r[3] === 'assigned')
    expect(assigned.length).toBeGreaterThan(0)
    expect(assigned.every((r) => r[6] && r[7])).toBe(true)
    expect((await call('GET', '/api/v1/exports/devices.csv', undefined, {}, null)).status).toBe(401)
  })
})
