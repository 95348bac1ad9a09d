import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { accessible as check, apiAs, launchBrowser, pickIn, signedIn, textOf } from './browser'

/**
 * The department's day, again in English (the other browser tests run it in Vietnamese): each
 * workflow an officer does in a day, end to end in Chromium, on pages asked for in English. Its
 * records are its own, or taken from the other end of the lists the Vietnamese tests take from
 * (the files run side by side). Screenshots are kept as en-*.png.
 */
const base = inject('baseUrl')
const token = inject('adminToken')
const shots = join(import.meta.dirname, '../../test-results/screenshots')
const pki = join(import.meta.dirname, '../fixtures/pki')
const api = apiAs(base, token)

let browser: Browser
let page: Page
beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  browser = await launchBrowser()
  page = await signedIn(browser, base, token, { width: 1366, height: 900 })
  await page.goto(`${base}/lang?to=en&back=/console`)
})
afterAll(async () => browser?.close())

const text = (selector: string) => textOf(page, selector)
const pick = (label: string, typed: string, start = typed) => pickIn(page, label, typed, start)
/** The page is in English, passes axe, and is kept as a screenshot. */
async function seen(name: string) {
  expect(await page.locator('html').getAttribute('lang'), name).toBe('en')
  await check(page, `${name} (English)`)
  await page.screenshot({ path: join(shots, `en-${name}.png`), fullPage: true })
}
const saved = async () => {
  await page.locator('.flash.ok').waitFor()
  expect(await text('.flash.ok')).toBe('Saved.')
}
/** The form whose heading is `heading`. */
const form = (heading: string) =>
  page.locator('form', { has: page.getByRole('heading', { name: heading, exact: true }) })

describe('a day in the console, in English', () => {
  it('adds an official under an agency picked by name, then moves them to another agency', async () => {
    const [first, second] = (await api('/api/v1/agencies?kind=department&limit=2')).items
    await page.goto(`${base}/console/holders`)
    await page.getByRole('link', { name: 'Add a person or organisation' }).click()
    await page.getByLabel('Full name (or the organisation’s name)').fill('Trương Thị Anh Ngữ')
    await page.getByLabel('CCCD number').fill('001199007777')
    await page.getByLabel('Position').fill('Officer')
    await page.getByLabel('Managing agency').fill('No such agency')
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await text('#f-agency-error')).toBe('Nothing found for “No such agency”.')
    await pick('Managing agency', first.name)
    await page.getByRole('button', { name: 'Save' }).click()
    await saved()
    expect(await text('h1')).toBe('Trương Thị Anh Ngữ')
    expect(await text('dl.facts')).toContain(first.name)
    await seen('holder-new')

    await pick('Agency moved to', second.name)
    await page.getByRole('button', { name: 'Move to another agency' }).click()
    await saved()
    expect(await text('dl.facts')).toContain(second.name)
    await seen('holder-moved')
  })

  it('records a certificate from its .cer: read and shown first, then saved', async () => {
    const holder = (await api('/api/v1/holders?q=truong thi anh ngu&limit=1')).items[0]
    await page.goto(`${base}/console/certificates`)
    await page.getByRole('link', { name: 'Record a certificate from its file' }).click()
    await page
      .getByLabel('Certificate file (.cer, .crt, .pem)')
      .setInputFiles(join(pki, 'binh-rsa.cer'))
    await page.getByRole('button', { name: 'Read the file' }).click()
    expect(await text('dl.facts')).toContain('1A2B3C4D5E6F708192A3B4C5D6E7F80910111213')
    expect(await text('dl.facts')).toContain('01/01/2025 – 31/12/2029')
    await seen('certificate-from-file')
    await pick('Holder (the person or agency it was issued to)', holder.fullName)
    await page.getByRole('button', { name: 'Save to the registry' }).click()
    await saved()
    expect(await text('h1')).toContain('1A2B3C4D5E6F708192A3B4C5D6E7F80910111213')
  })

  it('hands a token over, prints the record, and takes it back', async () => {
    const device = (await api('/api/v1/devices?status=in_stock&limit=20')).items.at(-1)
    const holder = (await api('/api/v1/holders?q=truong thi anh ngu&limit=1')).items[0]
    await page.goto(`${base}/console/devices/${device.id}`)
    await pick('Hand over to', holder.fullName)
    await page.getByLabel('Hand-over record no.').fill('BB-EN/01')
    await page.getByRole('button', { name: 'Hand over', exact: true }).click()
    await saved()
    expect(await page.locator('tbody tr', { hasText: 'BB-EN/01' }).count()).toBe(1)
    await seen('device-assigned')
    await page.getByRole('link', { name: 'Print the record' }).first().click()
    expect(await text('h2.record-title')).toBe('RECORD OF THE HAND-OVER OF A PRIVATE-KEY DEVICE')
    expect(await text('article.record')).toContain('No.: BB-EN/01')
    expect(await text('article.record')).toContain(holder.fullName)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('body > header').isVisible()).toBe(false)
    await page.screenshot({ path: join(shots, 'en-handover-record.png'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })
    await page.goto(`${base}/console/devices/${device.id}`)
    await page.getByRole('button', { name: 'Take back into stock' }).click()
    await saved()
  })

  it('reports a token lost, lists the certificates on it, and revokes them all', async () => {
    const onDevice = (await api('/api/v1/certificates?status=active&limit=200')).items.findLast(
      (x: any) => x.deviceId
    )
    expect(onDevice, 'an active certificate on a token').toBeTruthy()
    await page.goto(`${base}/console/devices/${onDevice.deviceId}`)
    await page.getByRole('button', { name: 'Report lost', exact: true }).click()
    await saved()
    expect(await text('section.card')).toContain(onDevice.serial)
    await seen('device-lost')
    await page.getByRole('button', { name: 'Revoke them all (reason: key compromise)' }).click()
    await saved()
    expect(await api(`/api/v1/certificates/${onDevice.id}`)).toMatchObject({
      status: 'revoked',
      reason: { code: 1 },
    })
  })

  it('renews a certificate from the new file', async () => {
    const old = (
      await api('/api/v1/certificates?status=active&kind=personal&sort=agency&limit=200')
    ).items.findLast(
      (x: any) => x.notAfter > '2027-01-15' && x.notAfter < '2029-12-01' && !x.replacedById
    )
    await page.goto(`${base}/console/certificates/${old.id}`)
    await page
      .getByRole('link', { name: 'Renew or re-issue from the new certificate file' })
      .click()
    await page
      .getByLabel('Certificate file (.cer, .crt, .pem)')
      .setInputFiles(join(pki, 'hai-ec.cer'))
    await page.getByRole('button', { name: 'Read the file' }).click()
    expect(await text('main')).toContain('31/12/2029')
    await seen('renewal-from-file')
    await page.getByRole('button', { name: 'Save to the registry' }).click()
    await saved()
    const renewed = await api(`/api/v1/certificates/${old.id}`)
    expect(renewed.replacedById).toBeTruthy()
    expect(page.url()).toContain(`/console/certificates/${renewed.replacedById}`)
  })

  it('merges two communes, picked by name, and lists what moved', async () => {
    const province = (await api('/api/v1/agencies?kind=province&limit=1')).items[0]
    const commune = (code: string, name: string) =>
      api('/api/v1/agencies', {
        method: 'POST',
        body: JSON.stringify({ code, name, kind: 'commune', parentId: province.id }),
      })
    const a = await commune('XA-EN-A', 'UBND xã Anh Một')
    const b = await commune('XA-EN-B', 'UBND xã Anh Hai')
    const person = await api('/api/v1/holders', {
      method: 'POST',
      body: JSON.stringify({ kind: 'person', fullName: 'Lê Văn Hợp Nhất', agencyId: a.id }),
    })
    await page.goto(`${base}/console/agencies/${a.id}`)
    await pickIn(form('Merge into another agency'), 'Merge into', b.name)
    await form('Merge into another agency')
      .getByLabel('Basis (decision number and date)')
      .fill('Resolution 2/NQ-HĐND of 01/12/2026')
    await form('Merge into another agency').getByRole('button').click()
    await saved()
    expect(await text('main')).toContain('Moved: 0 units, 1 person, 0 devices')
    expect((await api(`/api/v1/holders/${person.id}`)).agencyId).toBe(b.id)
    await seen('agency-merged')
  })

  it('imports a sheet, then exports the list and imports it back unchanged', async () => {
    const agency = (await api('/api/v1/agencies?kind=department&limit=1')).items[0]
    const csv = `\uFEFFHọ tên;Mã cơ quan;Loại;Số hiệu;Tổ chức cấp;Ngày hiệu lực;Ngày hết hạn\r\nNguyễn Văn Anh;${agency.code};Cá nhân;7F00E1;Ban Cơ yếu Chính phủ;01/01/2026;01/01/2028\r\n`
    const send = async (name: string, buffer: Buffer, mimeType = 'text/csv') => {
      await page.goto(`${base}/console/import`)
      await page
        .getByLabel('Spreadsheet: Excel (.xlsx) or CSV')
        .setInputFiles({ name, mimeType, buffer })
      await page.getByRole('button', { name: 'Send' }).click()
      await page.locator('section.card h2').waitFor()
      return text('section.card p')
    }
    expect(await send('registry.csv', Buffer.from(csv))).toContain('Created: 1')
    await seen('import-preview')

    // The list of this day's official (the Vietnamese tests export the expiring ones).
    await page.goto(`${base}/console/certificates?status=&q=truong thi anh ngu`)
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
    const sheet = await (await page.request.get(base + href!)).text()
    const rows = sheet.split('\r\n').length - 2
    expect(rows).toBeGreaterThan(0)
    expect(await send('export.csv', Buffer.from(sheet))).toContain(
      `Created: 0 · Updated: 0 · Unchanged: ${rows.toLocaleString('vi-VN')}`
    )
  })

  it('reads the agency report for a typed period and prints it', async () => {
    const dept = (await api('/api/v1/agencies?kind=department&limit=1')).items[0]
    await page.goto(`${base}/console/reports`)
    await pick('Agency (empty: the whole province)', dept.name)
    await page.getByLabel('From (dd/mm/yyyy)').fill('01/01/2026')
    await page.getByLabel('To (dd/mm/yyyy)').fill('30/11/2026')
    await page.getByRole('button', { name: 'Show the report' }).click()
    expect(await text('main')).toContain('01/01/2026 – 30/11/2026')
    const summary = await api(
      `/api/v1/reports/summary?agencyId=${dept.id}&from=2026-01-01T00:00:00%2B07:00&to=2026-11-30T23:59:59.999%2B07:00`
    )
    expect((await page.locator('table.report tfoot td').first().textContent())?.trim()).toBe(
      summary.certificates.personal.active.toLocaleString('en')
    )
    await seen('report')
    await page.getByRole('link', { name: 'Printable report' }).click()
    expect(await text('article.record')).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    expect(await text('article.record')).toContain(dept.name.toUpperCase())
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: join(shots, 'en-report-print.png'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })
  })

  it('acknowledges several reminders at once and stays on the filtered page', async () => {
    await fetch(`${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('0 1 * * *')}`)
    const open = (await api('/api/v1/notices?limit=200')).items.filter((n: any) => !n.acknowledged)
    expect(open.length).toBeGreaterThan(0)
    const threshold = open.at(-1).threshold
    await page.goto(`${base}/console/notices?threshold=${threshold}`)
    const boxes = page.locator('input[name="ids"]')
    const n = await boxes.count()
    for (let i = n - 1; i >= Math.max(0, n - 2); i--) await boxes.nth(i).check()
    await page.getByRole('button', { name: 'Acknowledge the selected' }).click()
    await saved()
    expect(page.url()).toContain(`threshold=${threshold}`)
    expect(await text('tbody')).toMatch(/\d{2}\/\d{2}\/\d{4}/)
    await seen('notices-acknowledged')
  })

  it('checks a signed document’s certificate on the public page at a past date', async () => {
    const revoked = (await api('/api/v1/certificates?status=revoked&limit=1')).items[0]
    const signedOn = new Date(Date.parse(revoked.notBefore) + 86_400_000).toISOString().slice(0, 10)
    const [y, m, d] = signedOn.split('-')
    await page.goto(`${base}/`)
    await page.getByLabel('Serial number').fill(revoked.serial)
    await page
      .getByLabel('Day the document was signed (dd/mm/yyyy, with HH:mm if known; optional)')
      .fill(`${d}/${m}/${y}`)
    await page.getByRole('button', { name: 'Check' }).click()
    expect(await text('section.verdict h2')).toMatch(/ \(on \d{2}\/\d{2}\/\d{4}\)$/)
    expect(await text('section.verdict')).toContain('Today: Revoked')
    await seen('public-at-date')
  })
})
