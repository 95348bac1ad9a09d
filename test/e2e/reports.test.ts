import { mkdirSync } from 'node:fs'
import readXlsxFile from 'read-excel-file/universal'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { accessible, apiAs, launchBrowser, pickIn, signedIn, textOf, wordsBroken } from './browser'

/**
 * The department's report in Chromium: on screen for the province or an agency picked by name
 * and a period typed dd/mm/yyyy, the same figures as the API's, the sheet, and the printable
 * official report.
 */
const base = inject('baseUrl')
const token = inject('adminToken')
const shots = join(import.meta.dirname, '../../test-results/screenshots')
const api = apiAs(base, token)

let browser: Browser
let page: Page
beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  browser = await launchBrowser()
  page = await signedIn(browser, base, token, { width: 1366, height: 900 })
})
afterAll(async () => browser?.close())

const text = (selector: string) => textOf(page, selector)
const cells = (selector: string) =>
  page.locator(selector).evaluateAll((tds) => tds.map((td) => (td.textContent ?? '').trim()))

describe('the reports page', () => {
  it('shows the province per agency with a total equal to the summary, for a typed period', async () => {
    await page.goto(`${base}/console`)
    await page.getByRole('link', { name: 'Báo cáo', exact: true }).click()
    expect(await text('h1')).toBe('Báo cáo')
    await page.getByLabel('Từ ngày (dd/mm/yyyy)').fill('01/01/2026')
    await page.getByLabel('Đến ngày (dd/mm/yyyy)').fill('30/11/2026')
    await page.getByRole('button', { name: 'Xem báo cáo' }).click()
    expect(await text('main')).toContain('Kỳ báo cáo: 01/01/2026 – 30/11/2026')
    const summary = await api(
      '/api/v1/reports/summary?from=2026-01-01T00:00:00%2B07:00&to=2026-11-30T23:59:59.999%2B07:00'
    )
    const total = await cells('table.report tfoot td')
    const n = (x: number) => x.toLocaleString('vi-VN')
    expect(total[0]).toBe(n(summary.certificates.personal.active))
    expect(total[1]).toBe(n(summary.certificates.organisation.active))
    expect(total[4]).toBe(n(summary.period.issued))
    expect(await page.locator('table.report tbody tr').count()).toBeGreaterThan(3)
    // The rows (the province's own line and one per department or commune) add up to the total.
    const column = await cells('table.report tbody td:nth-of-type(1)')
    const number = (s: string) => Number(s.replace(/\./g, ''))
    expect(column.reduce((a, s) => a + number(s), 0)).toBe(number(total[0]))
    await accessible(page, 'reports at 1366 px')
    await page.screenshot({ path: join(shots, 'reports.png'), fullPage: true })

    // The sheet behind the link: the API's CSV for the same period, Vietnamese headers.
    const href = await page.getByRole('link', { name: 'Tải bảng tính (CSV)' }).getAttribute('href')
    const sheet = await page.request.get(`${base}${href}`)
    expect(sheet.headers()['content-type']).toContain('text/csv')
    expect((await sheet.text()).startsWith('\uFEFFMã cơ quan,Cơ quan,')).toBe(true)
    // The same as an Excel workbook: the headers, then each agency with its figures as numbers.
    for (const [link, first] of [
      ['Tải Excel (.xlsx)', 'Mã cơ quan'],
      ['Tải bảng yêu cầu (Excel)', 'Mã cơ quan'],
    ]) {
      const url = await page.getByRole('link', { name: link }).getAttribute('href')
      const answer = await page.request.get(`${base}${url}`)
      expect(answer.headers()['content-type'], link).toContain('spreadsheetml')
      const [{ data }] = await readXlsxFile(new Uint8Array(await answer.body()).slice().buffer)
      expect(data[0][0], link).toBe(first)
      if (link === 'Tải Excel (.xlsx)') {
        expect(data.length).toBeGreaterThan(3)
        expect(typeof data[1][2]).toBe('number')
      }
    }
  })

  it('narrows to an agency picked by name, refuses a date that does not exist, and prints', async () => {
    const dept = (await api('/api/v1/agencies?kind=department&limit=1')).items[0]
    await page.goto(`${base}/console/reports`)
    await pickIn(page, 'Cơ quan (để trống: toàn tỉnh)', dept.name)
    await page.getByLabel('Từ ngày (dd/mm/yyyy)').fill('31/02/2026')
    await page.getByRole('button', { name: 'Xem báo cáo' }).click()
    // Said as it was typed, dd/mm/yyyy, not with the API's ISO example.
    expect(await text('#f-from-error')).toBe('không phải ngày hợp lệ (dd/mm/yyyy)')
    expect(await page.locator('table.report').count()).toBe(0)
    // A period that ends before it starts is refused on its end, not answered empty.
    await page.getByLabel('Từ ngày (dd/mm/yyyy)').fill('30/11/2026')
    await page.getByLabel('Đến ngày (dd/mm/yyyy)').fill('01/10/2026')
    await page.getByRole('button', { name: 'Xem báo cáo' }).click()
    expect(await text('#f-to-error')).toBe('phải từ ngày bắt đầu trở về sau')
    expect(await page.locator('table.report').count()).toBe(0)
    await page.getByLabel('Đến ngày (dd/mm/yyyy)').fill('')

    await page.getByLabel('Từ ngày (dd/mm/yyyy)').fill('01/10/2026')
    await page.getByRole('button', { name: 'Xem báo cáo' }).click()
    const summary = await api(
      `/api/v1/reports/summary?agencyId=${dept.id}&from=2026-10-01T00:00:00%2B07:00`
    )
    expect((await cells('table.report tfoot td'))[0]).toBe(
      summary.certificates.personal.active.toLocaleString('vi-VN')
    )

    await page.getByRole('link', { name: 'Bản in báo cáo' }).click()
    const record = await text('article.record')
    expect(record).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    expect(record).toContain(dept.name.toUpperCase())
    expect(record).toContain('Tình hình quản lý, sử dụng chứng thư chữ ký số chuyên dùng công vụ')
    expect(record).toContain('THỦ TRƯỞNG CƠ QUAN')
    await accessible(page, 'printable report')
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('body > header').isVisible()).toBe(false)
    // Printed, the causes and the motto read as words, never broken letter by letter.
    expect(await wordsBroken(page, 'article.record')).toEqual([])
    expect(
      await page
        .locator('article.record strong', { hasText: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' })
        .evaluate((e) => e.getClientRects().length)
    ).toBe(1)
    await page.screenshot({ path: join(shots, 'report-print.png'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })
  })

  it('reads in English and passes axe on a phone', async () => {
    const phone = await signedIn(browser, base, token, { width: 390, height: 844 })
    await phone.goto(`${base}/console/reports`)
    await accessible(phone, 'reports at 390 px')
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await phone.goto(`${base}/lang?to=en&back=/console/reports`)
    expect(await textOf(phone, 'h1')).toBe('Reports')
    expect(await textOf(phone, 'table.report thead')).toContain('Personal certificates active')
    await phone.context().close()
  })
})
