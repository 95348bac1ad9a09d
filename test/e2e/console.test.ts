import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { accessible as axeCheck, apiAs, launchBrowser, pickIn, wordsBroken } from './browser'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { fold } from '../../src/lib/text'

const base = inject('baseUrl')
const token = inject('adminToken')
const shots = join(import.meta.dirname, '../../test-results/screenshots')
const api = apiAs(base, token)

let browser: Browser
let page: Page

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  browser = await launchBrowser()
  // bypassCSP only so the test can inject axe-core; the pages themselves run under the real CSP.
  page = await (
    await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
      bypassCSP: true,
    })
  ).newPage()
  page.on('dialog', (dialog) => dialog.accept()) // the confirm() before destructive actions
})
afterAll(async () => browser?.close())

const accessible = (name: string) => axeCheck(page, name)
const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })

async function check(serial: string) {
  await page.goto(`${base}/`)
  await page.getByLabel('Số hiệu (serial)').fill(serial)
  await page.getByRole('button', { name: 'Tra cứu' }).click()
  return page.locator('section.verdict')
}

const text = async (selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim()

describe('the console and the public status page, in Chromium', () => {
  it('checks serials on the public page: good, revoked, unknown', async () => {
    const good = (await api('/api/v1/certificates?status=active&limit=1')).items[0]
    const revoked = (await api('/api/v1/certificates?status=revoked&limit=1')).items[0]
    await check(good.serial.toLowerCase().match(/../g).join(':'))
    // The demo province holds no CRL of its CA: good by the registry, not confirmed (amber).
    expect(await text('section.verdict h2')).toBe('Còn hiệu lực theo sổ, chưa được CA xác nhận')
    expect(await text('section.verdict')).toContain('chưa đối chiếu được với CA')
    await accessible('public status, good but unconfirmed')
    // A certificate whose CA's current CRL is imported: green.
    const pki = join(import.meta.dirname, '../fixtures/pki')
    const send = (path: string, body: BodyInit, type?: string) =>
      fetch(base + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) },
        body,
      })
    expect(
      (
        await send(
          '/api/v1/issuers',
          readFileSync(join(pki, 'rsa-ca-ca.pem')),
          'application/x-pem-file'
        )
      ).status
    ).toBe(201)
    const holder = (await api('/api/v1/holders?kind=person&status=in_post&limit=1')).items[0]
    const form = new FormData()
    form.set('file', new Blob([readFileSync(join(pki, 'seal-rsa.cer'))]), 'seal-rsa.cer')
    form.set('kind', 'personal')
    form.set('holderId', holder.id)
    const seal: any = await (await send('/api/v1/certificates', form)).json()
    expect(seal.serial, JSON.stringify(seal)).toBeTruthy()
    expect(
      (await send('/api/v1/crls', readFileSync(join(pki, 'rsa-ca.crl')), 'application/x-pem-file'))
        .status
    ).toBe(200)
    await check(seal.serial)
    expect(await text('section.verdict h2')).toBe('Còn hiệu lực')
    await accessible('public status, good')
    await shot('public-good')
    await check(revoked.serial)
    expect(await text('section.verdict h2')).toBe('Đã thu hồi')
    expect(await text('section.verdict')).toContain('Lý do thu hồi')
    await shot('public-revoked')
    // Asked about the day a document was signed, before the revocation: the headline is then.
    const signedOn = new Date(Date.parse(revoked.notBefore) + 86_400_000).toISOString().slice(0, 10)
    expect(signedOn < revoked.revokedAt).toBe(true)
    const [y, m, d] = signedOn.split('-')
    await page.goto(`${base}/`)
    await page.getByLabel('Số hiệu (serial)').fill(revoked.serial)
    await page
      .getByLabel('Ngày ký văn bản (dd/mm/yyyy, có thể kèm giờ HH:mm; không bắt buộc)')
      .fill(`${d}/${m}/${y}`)
    await page.getByRole('button', { name: 'Tra cứu' }).click()
    expect(await text('section.verdict h2')).toMatch(
      /^Còn hiệu lực.* \(tại ngày \d{2}\/\d{2}\/\d{4}\)$/
    )
    expect(await text('section.verdict')).toContain('Hiện nay: Đã thu hồi')
    await accessible('public status at a past date')
    await shot('public-at-date')
    await check('DEADBEEF')
    expect(await text('section.verdict h2')).toBe('Không có trong sổ')
  })

  it('checks an uploaded certificate file, and reads well on a phone', async () => {
    await page.goto(`${base}/`)
    await page
      .getByLabel('Hoặc tải lên tệp chứng thư số (.cer, .crt, .pem)')
      .setInputFiles(join(import.meta.dirname, '../fixtures/pki/an-rsa.cer'))
    await page.getByRole('button', { name: 'Tra cứu' }).click()
    expect(await text('section.verdict h2')).toBe('Không có trong sổ') // a real certificate the demo province never registered
    const phone = await (
      await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        bypassCSP: true,
      })
    ).newPage()
    await phone.goto(`${base}/?serial=DEADBEEF`)
    const overflow = await phone.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth'
    )
    expect(overflow).toBeLessThanOrEqual(0)
    await phone.screenshot({ path: join(shots, 'public-phone.png'), fullPage: true })
    await phone.close()
  })

  it('signs in and shows the dashboard with figures and the 12-month chart', async () => {
    await page.goto(`${base}/console`)
    expect(page.url()).toContain('/console/sign-in')
    await accessible('sign-in')
    await page.getByLabel('Khóa truy cập (API key)').fill(token)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.waitForURL(`${base}/console`)
    expect(await text('h1')).toBe('Tổng quan')
    expect(await page.locator('svg rect').count()).toBe(12)
    expect(await text('.figure b')).toMatch(/^\d{1,3}(\.\d{3})*$/) // Vietnamese grouping: 2.700
    await accessible('dashboard')
    await shot('dashboard')
    // Each certificate figure opens the list it counts, and the list's total is that figure.
    const figures = page.locator('.figure', {
      has: page.locator('a[href^="/console/certificates"]'),
    })
    for (let i = 0; i < (await figures.count()); i++) {
      await page.goto(`${base}/console`)
      const figure = page
        .locator('.figure', { has: page.locator('a[href^="/console/certificates"]') })
        .nth(i)
      const shown = (await figure.locator('b').textContent())!.trim()
      await figure.locator('a').click()
      expect(await text('p.total'), await page.url()).toBe(`Tổng số: ${shown}`)
    }
    // So does each agency's row of what is due within 60 days: that agency alone, as counted,
    // the parents among them included.
    const rows = await page
      .goto(`${base}/console`)
      .then(() => page.locator('table tbody tr').count())
    for (let i = 0; i < rows; i++) {
      await page.goto(`${base}/console`)
      const row = page.locator('table tbody tr').nth(i)
      const shown = (await row.locator('td.num').nth(1).textContent())!.trim()
      await row.locator('a').click()
      expect(await page.getByLabel('Đơn vị trực thuộc').inputValue()).toBe('false')
      expect(await text('p.total'), await page.url()).toBe(`Tổng số: ${shown}`)
    }
  })

  it('filters the certificate list by agency and "expiring within 30 days"', async () => {
    const busy = (await api('/api/v1/reports/expiries')).agencies[0]
    await page.goto(`${base}/console/certificates`)
    // Opened without a question: what needs attention, expiring within 60 days, soonest first,
    // with each certificate's agency.
    expect(await page.getByLabel('Trạng thái').inputValue()).toBe('expiring')
    const left = (await page.locator('tbody td.num').allTextContents()).map(Number)
    expect(left.length).toBeGreaterThan(0)
    expect(left.every((d) => d <= 60)).toBe(true)
    expect(left).toEqual([...left].sort((a, b) => a - b))
    expect(await page.locator('thead th', { hasText: /^Cơ quan$/ }).count()).toBe(1)
    await page.getByLabel('Cơ quan', { exact: true }).selectOption(busy.id)
    await page.getByLabel('Trạng thái').selectOption('expiring')
    await page.getByLabel('Sắp hết hạn trong vòng (ngày)').fill('30')
    await page.getByRole('button', { name: 'Lọc' }).click()
    expect(await page.locator('tbody tr').count()).toBe(busy.within30)
    for (const days of await page.locator('tbody td.num').allTextContents())
      expect(Number(days)).toBeLessThanOrEqual(30)
    await accessible('certificate list')
    await shot('certificates')
    // A certificate the list flags as expiring says so on its own page too.
    await page.locator('tbody tr a').first().click()
    expect(await text('dl.facts .badge')).toBe('Sắp hết hạn')
    await page.goBack()

    // Paged forwards and back, sorted by name; filtered by a token's serial.
    await page.goto(`${base}/console/certificates?status=active&sort=name`)
    const first = await text('tbody tr')
    await page.getByRole('link', { name: 'Trang sau' }).click()
    expect(await text('.pager span')).toBe('Trang 2')
    expect(await text('tbody tr')).not.toBe(first)
    await page.getByRole('link', { name: 'Trang sau' }).click()
    expect(await text('.pager span')).toBe('Trang 3')
    await page.getByRole('link', { name: 'Trang trước' }).click()
    await page.getByRole('link', { name: 'Trang trước' }).click()
    expect(await text('.pager span')).toBe('Trang 1')
    expect(await text('tbody tr')).toBe(first)
    expect(await page.getByLabel('Sắp xếp theo').inputValue()).toBe('name')
    // Sorted by agency: the agency column reads A–Z (without diacritics), across the pages.
    await page.getByLabel('Sắp xếp theo').selectOption('agency')
    await page.getByRole('button', { name: 'Lọc' }).click()
    const agencyColumn = () => page.locator('tbody tr td:nth-child(3)').allTextContents()
    const byAgency = await agencyColumn()
    await page.getByRole('link', { name: 'Trang sau' }).click()
    byAgency.push(...(await agencyColumn()))
    const folded = byAgency.map(fold)
    expect(folded).toEqual([...folded].sort())
    expect(new Set(folded).size).toBeGreaterThan(1)
    const onToken = (await api('/api/v1/certificates?status=active&limit=200')).items.find(
      (x: any) => x.deviceId
    )
    const token = await api(`/api/v1/devices/${onToken.deviceId}`)
    await page.goto(`${base}/console/certificates?device=${encodeURIComponent(token.serial)}`)
    expect(await text('tbody')).toContain(onToken.serial)
    // By issuing CA: the total is the API's count for that CA.
    const issuer = (await api('/api/v1/issuers')).items[0]
    await page.goto(`${base}/console/certificates?status=`)
    await page.getByLabel('Tổ chức cấp', { exact: true }).selectOption(issuer.id)
    await page.getByRole('button', { name: 'Lọc' }).click()
    const counted = await api(`/api/v1/certificates?issuerId=${issuer.id}&count=true&limit=1`)
    expect(await text('p.total')).toBe(`Tổng số: ${counted.total.toLocaleString('vi-VN')}`)
    expect(counted.total).toBeGreaterThan(0)
    await page.goto(`${base}/console/certificates?device=KHONG-CO`)
    expect(await text('#f-device-error')).toBe('Không tìm thấy “KHONG-CO”.')
  })

  it('revokes a certificate through the form, and the public page then says revoked', async () => {
    const cert = (await api('/api/v1/certificates?status=active&limit=5')).items[4]
    await page.goto(`${base}/console/certificates/${cert.id}`)
    await accessible('certificate detail')
    await page.getByLabel('Lý do thu hồi').selectOption('1')
    await page.locator('form[action$="/revoke"]').getByLabel('Ghi chú').fill('Mất USB token')
    await page.getByRole('button', { name: 'Thu hồi' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts .badge')).toBe('Đã thu hồi')
    await shot('certificate-revoked')
    await check(cert.serial)
    expect(await text('section.verdict h2')).toBe('Đã thu hồi')
    // Asked about today without a time: revoked today, so the day's start says nothing of a
    // document signed later: amber, with the time of the revocation. With a time after it: revoked.
    const revokedAt = new Date((await api(`/api/v1/certificates/${cert.id}`)).revokedAt)
    const vn = new Date(revokedAt.getTime() + 7 * 3600_000).toISOString()
    const today = `${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`
    const atDay = async (typed: string) => {
      await page.goto(`${base}/`)
      await page.getByLabel('Số hiệu (serial)').fill(cert.serial)
      await page
        .getByLabel('Ngày ký văn bản (dd/mm/yyyy, có thể kèm giờ HH:mm; không bắt buộc)')
        .fill(typed)
      await page.getByRole('button', { name: 'Tra cứu' }).click()
    }
    await atDay(today)
    expect(await page.locator('section.verdict.unconfirmed').count()).toBe(1)
    expect(await text('section.verdict')).toContain(
      `bị thu hồi hoặc tạm dừng trong chính ngày này, lúc ${vn.slice(11, 16)} ${today}`
    )
    await accessible('public status on the day of the revocation')
    // The audit log names what the entry is about in words, and opens it.
    await page.goto(`${base}/console/audit`)
    const entry = page.locator('tbody tr', { hasText: cert.id }).first()
    expect(await entry.textContent()).toContain('thu hồi chứng thư số')
    expect(await entry.getByRole('link', { name: 'Chứng thư số' }).getAttribute('href')).toBe(
      `/console/certificates/${cert.id}`
    )
    if (vn.slice(11, 16) !== '23:59') {
      await atDay(`${today} 23:59`)
      expect(await text('section.verdict h2')).toBe(`Đã thu hồi (lúc 23:59 ${today})`)
    }
  })

  it('keeps a refused form filled in, with the error beside the field', async () => {
    const cert = (await api('/api/v1/certificates?status=active&limit=6')).items[5]
    await page.goto(`${base}/console/certificates/${cert.id}`)
    await page.getByLabel('Số hiệu (serial)').fill('NOT-HEX')
    await page.getByLabel('Có hiệu lực từ (dd/mm/yyyy)').fill('01/12/2026')
    await page.getByLabel('Hết hạn (dd/mm/yyyy)').fill('01/12/2031')
    await page.getByRole('button', { name: 'Ghi nhận gia hạn' }).click()
    await page.locator('.flash.bad').waitFor()
    expect(await page.getByLabel('Số hiệu (serial)').inputValue()).toBe('NOT-HEX')
    expect(await text('#f-serial-error')).toContain('không phải số hiệu hợp lệ (hệ 16')
    await shot('renew-refused')
  })

  it('refuses a revocation whose invalidity date follows it, in Vietnamese beside the field, and offers no renewal of an expired certificate', async () => {
    const cert = (await api('/api/v1/certificates?status=active&limit=8')).items[7]
    await page.goto(`${base}/console/certificates/${cert.id}`)
    await page.getByLabel('Lý do thu hồi').selectOption('1')
    await page.getByLabel('Thời điểm (dd/mm/yyyy HH:mm)').fill('01/11/2026 08:00')
    await page
      .getByLabel('Khóa mất an toàn từ (nếu biết; không bắt buộc) (dd/mm/yyyy HH:mm)')
      .fill('02/11/2026 08:00')
    await page.getByRole('button', { name: 'Thu hồi' }).click()
    await page.locator('.flash.bad').waitFor()
    expect(await text('#f-invalidityDate-error')).toBe('không được sau thời điểm thu hồi')
    expect(await text('dl.facts .badge')).not.toBe('Đã thu hồi')
    const expired = (await api('/api/v1/certificates?status=expired&limit=1')).items[0]
    await page.goto(`${base}/console/certificates/${expired.id}`)
    expect(await page.getByRole('button', { name: 'Ghi nhận gia hạn' }).count()).toBe(0)
  })

  it('records a certificate by hand, edits its device and note, and corrects a mistaken revocation', async () => {
    // A person holding a token: the new certificate goes on it.
    const device = (await api('/api/v1/devices?status=assigned&limit=1')).items[0]
    const holder = await api(`/api/v1/holders/${device.holderId}`)
    await page.goto(`${base}/console/certificates/new`)
    await page.getByRole('link', { name: 'Ghi nhận bằng tay (khi không có tệp)' }).click()
    const label = `${holder.fullName} — `
    await pickIn(page, 'Thuê bao (người hoặc cơ quan được cấp)', holder.fullName, label)
    await page.getByLabel('Số hiệu (serial)').fill('7A:11:22:33')
    await page.getByLabel('Chủ thể (subject)', { exact: false }).fill(`CN=${holder.fullName},C=VN`)
    // A date that does not exist is refused beside its field; nothing is written.
    await page.getByLabel('Có hiệu lực từ (dd/mm/yyyy)').fill('31/02/2026')
    await page.getByLabel('Hết hạn (dd/mm/yyyy)').fill('30/11/2028')
    await page.getByRole('button', { name: 'Lưu vào sổ đăng ký' }).click()
    expect(await text('#f-notBefore-error')).not.toBe('')
    expect((await api('/api/v1/certificates?q=7A112233')).items).toHaveLength(0)
    await page.getByLabel('Có hiệu lực từ (dd/mm/yyyy)').fill('01/12/2025')
    await page.getByRole('button', { name: 'Lưu vào sổ đăng ký' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('h1')).toContain('7A112233')
    expect(await text('dl.facts')).toContain('01/12/2025 – 30/11/2028')
    await axeCheck(page, 'certificate recorded by hand')

    // Its device by serial, a note; then the device's own page lists it.
    const edit = page.locator('form', {
      has: page.getByRole('heading', { name: /^Sửa thông tin/ }),
    })
    await edit.getByLabel('Số sê-ri thiết bị lưu khóa', { exact: false }).fill('KHÔNG-CÓ-TOKEN')
    await edit.getByRole('button', { name: 'Lưu' }).click()
    expect(await text('#f-edit-device-error')).toBe('Không tìm thấy “KHÔNG-CÓ-TOKEN”.')
    await edit.getByLabel('Số sê-ri thiết bị lưu khóa', { exact: false }).fill(device.serial)
    await edit.getByLabel('Ghi chú').fill('Ghi bằng tay theo bản giấy')
    await edit.getByRole('button', { name: 'Lưu' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts')).toContain(device.serial)

    // Revoked by mistake, then the mistake corrected with its reason.
    await page.getByLabel('Lý do thu hồi').selectOption('5')
    await page.getByRole('button', { name: 'Thu hồi' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts .badge')).toBe('Đã thu hồi')
    await page.getByLabel('Lý do đính chính').fill('Thu hồi nhầm chứng thư số')
    await page.getByRole('button', { name: 'Đính chính: thu hồi ghi nhầm' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts .badge')).not.toBe('Đã thu hồi')
    expect(await text('main')).toContain('đính chính chứng thư số')
    await shot('certificate-corrected')
  })

  it('hands a device over and takes it back, recorded in the ledger', async () => {
    const device = (await api('/api/v1/devices?status=in_stock&limit=1')).items[0]
    const holder = (await api('/api/v1/holders?kind=person&status=in_post&limit=1')).items[0]
    await page.goto(`${base}/console/devices/${device.id}`)
    // The person is picked by name: the suggestions follow what is typed.
    await page.getByLabel('Giao cho').fill(holder.fullName)
    const suggested = () =>
      page
        .locator('#f-holder-list option')
        .evaluateAll((o) => o.map((x: any) => x.value as string))
        .then((labels) => labels.find((l) => l.startsWith(holder.fullName)))
    await expect.poll(suggested).toBeTruthy()
    await page.getByLabel('Giao cho').fill((await suggested())!)
    await page.getByLabel('Số biên bản bàn giao').fill('BB-E2E/01')
    await page.getByRole('button', { name: 'Bàn giao' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await page.locator('tbody tr', { hasText: 'BB-E2E/01' }).count()).toBe(1)
    // The list of tokens says who holds each, and pages both ways.
    await page.goto(`${base}/console/devices?q=${encodeURIComponent(device.serial)}`)
    expect(await text('tbody tr')).toContain(holder.fullName)
    await page.goto(`${base}/console/devices`)
    const firstPage = await text('tbody tr')
    await page.getByRole('link', { name: 'Trang sau' }).click()
    await page.getByRole('link', { name: 'Trang sau' }).click()
    expect(await text('.pager span')).toBe('Trang 3')
    await page.getByRole('link', { name: 'Trang trước' }).click()
    expect(await text('.pager span')).toBe('Trang 2')
    await page.getByRole('link', { name: 'Trang đầu' }).click()
    expect(await text('tbody tr')).toBe(firstPage)
    await page.goto(`${base}/console/devices/${device.id}`)
    await accessible('device')
    await shot('device-assigned')
    // The hand-over record, printable.
    await page.getByRole('link', { name: 'In biên bản' }).first().click()
    expect(await text('h2.record-title')).toBe('BIÊN BẢN BÀN GIAO THIẾT BỊ LƯU KHÓA BÍ MẬT')
    expect(await text('article.record')).toContain('Số: BB-E2E/01')
    expect(await text('article.record')).toContain(holder.fullName)
    expect(await text('article.record')).toContain('ĐẠI DIỆN BÊN NHẬN')
    // Printed, every word of the record keeps its letters together: no column narrower than
    // the longest word in it (a model name once printed as "Saf/eNe/t").
    await page.emulateMedia({ media: 'print' })
    expect(await wordsBroken(page, 'article.record')).toEqual([])
    await accessible('hand-over record')
    await shot('handover-record')
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('body > header').isVisible()).toBe(false)
    await page.emulateMedia({ media: 'screen' })
    await page.goto(`${base}/console/devices/${device.id}`)
    await page.getByRole('button', { name: 'Thu hồi thiết bị về kho' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts .badge')).toBe('Trong kho')
  })

  it('previews a spreadsheet import and links the list to its CSV export', async () => {
    const agency = (await api('/api/v1/agencies?kind=department&limit=1')).items[0]
    const csv = `\uFEFFHọ tên;Mã cơ quan;Loại;Số hiệu;Tổ chức cấp;Ngày hiệu lực;Ngày hết hạn\r\nNguyễn Văn Thử;${agency.code};Cá nhân;7F0001;Ban Cơ yếu Chính phủ;01/01/2026;01/01/2028\r\nLê Văn Sai;${agency.code};Cá nhân;7F0002;Ban Cơ yếu Chính phủ;31/02/2026;01/01/2028\r\n`
    await page.goto(`${base}/console/import`)
    await page
      .getByLabel('Tệp bảng tính: Excel (.xlsx) hoặc CSV')
      .setInputFiles({ name: 'so-chung-thu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.getByRole('button', { name: 'Gửi' }).click()
    await page.locator('section.card h2').waitFor()
    expect(await text('section.card p')).toContain('Tạo mới: 1')
    expect(await text('section.card tbody tr')).toContain('Ngày hiệu lực')
    await accessible('import preview')
    await shot('import-preview')
    await page.goto(`${base}/console/certificates?status=expiring&days=30`)
    const href = await page.getByRole('link', { name: 'Tải CSV' }).getAttribute('href')
    const exported = await page.request.get(base + href!)
    expect(exported.headers()['content-type']).toBe('text/csv; charset=utf-8')
    const sheet = await exported.text()
    const rows = sheet.split('\r\n').length - 2
    expect(rows).toBe(
      (await api('/api/v1/certificates?status=expiring&days=30&limit=200')).items.length
    )
    // The export imports back as it is: every row unchanged, nothing created or refused.
    await page.goto(`${base}/console/import`)
    await page
      .getByLabel('Tệp bảng tính: Excel (.xlsx) hoặc CSV')
      .setInputFiles({ name: 'xuat.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) })
    await page.getByRole('button', { name: 'Gửi' }).click()
    await page.locator('section.card h2').waitFor()
    expect(await text('section.card p')).toContain(
      `Tạo mới: 0 · Cập nhật: 0 · Không đổi: ${rows.toLocaleString('vi-VN')}`
    )
    // The same list as an Excel workbook, imported back the same way.
    await page.goto(`${base}/console/certificates?status=expiring&days=30`)
    const xlsxHref = await page
      .getByRole('link', { name: 'Tải Excel (.xlsx)' })
      .getAttribute('href')
    const workbook = await (await page.request.get(base + xlsxHref!)).body()
    expect(workbook.subarray(0, 2).toString()).toBe('PK')
    await page.goto(`${base}/console/import`)
    await page.getByLabel('Tệp bảng tính: Excel (.xlsx) hoặc CSV').setInputFiles({
      name: 'xuat.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: workbook,
    })
    await page.getByRole('button', { name: 'Gửi' }).click()
    await page.locator('section.card h2').waitFor()
    expect(await text('section.card p')).toContain(
      `Tạo mới: 0 · Cập nhật: 0 · Không đổi: ${rows.toLocaleString('vi-VN')}`
    )
    const template = await page.request.get(
      base +
        (await page.getByRole('link', { name: 'Tải mẫu bảng tính (.xlsx)' }).getAttribute('href'))!
    )
    expect(template.headers()['content-type']).toContain('spreadsheetml')
  })

  it("shows each CA's CRL freshness, imports a CRL from a file, and reconciles with the CA", async () => {
    const pki = join(import.meta.dirname, '../fixtures/pki')
    await page.goto(`${base}/console/issuers`)
    expect(await text('h1')).toBe('Tổ chức cấp (CA)')
    // The CA registered from its certificate file; a file that is not one is refused.
    const caFile = page.getByLabel('Tệp chứng thư số của CA (.cer, .crt, .pem)')
    await caFile.setInputFiles(join(pki, 'not-a-certificate.txt'))
    await page.getByRole('button', { name: 'Đăng ký tổ chức cấp (CA)' }).click()
    expect(await text('#f-register-file-error')).not.toBe('')
    const issuers = async () => (await api('/api/v1/issuers')).items.length
    const before = await issuers()
    await caFile.setInputFiles(join(pki, 'ec-ca-ca.pem'))
    await page.getByRole('button', { name: 'Đăng ký tổ chức cấp (CA)' }).click()
    expect(await text('.flash')).toContain(
      'Đã đăng ký: CA phục vụ các cơ quan Nhà nước (thử nghiệm ECDSA)'
    )
    expect(await issuers()).toBe(before + 1)
    const ec = page.locator('tr', { hasText: 'thử nghiệm ECDSA' })
    // Its CRL address entered by hand; another CA's certificate is not a key of this one.
    await ec.getByText('Sửa, thêm khóa').click()
    await ec
      .getByLabel('Địa chỉ tải CRL (cách nhau bởi dấu cách)')
      .fill('http://127.0.0.1:9/ec.crl')
    await ec.getByRole('button', { name: 'Lưu' }).click()
    expect(await text('.flash')).toBe('Đã lưu.')
    expect(await ec.textContent()).toContain('http://127.0.0.1:9/ec.crl')
    await ec.getByText('Sửa, thêm khóa').click()
    await ec
      .getByLabel('Chứng thư số mới của CA (khi CA đổi khóa)')
      .setInputFiles(join(pki, 'rsa-ca-ca.pem'))
    await ec.getByRole('button', { name: 'Thêm khóa' }).click()
    expect(await text('.flash.bad')).toContain('Không thực hiện được')
    expect(await ec.textContent()).toContain('chưa có')
    await page
      .getByLabel('Tệp CRL của CA (.crl, PEM hoặc DER)')
      .setInputFiles(join(pki, 'ec-ca.crl'))
    await page.getByRole('button', { name: 'Nhập CRL' }).click()
    expect(await text('.flash')).toMatch(/^Đã nhập CRL: 0 đã thu hồi/)
    expect(await ec.textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} →/)
    await accessible('issuers')
    await shot('issuers')
    await page.getByRole('link', { name: 'Đối chiếu sổ đăng ký với CA' }).click()
    expect(await text('h1')).toBe('Đối chiếu sổ đăng ký với CA')
    expect(await page.locator('h2').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Sổ ghi đã thu hồi, CRL của CA chưa có \(\d+\)$/),
      ])
    )
    await accessible('reconciliation')
    await shot('reconciliation')
  })

  it('switches to English', async () => {
    await page.goto(`${base}/console/notices`)
    await page.getByRole('link', { name: 'English' }).click()
    expect(await text('h1')).toBe('Reminders')
    expect(await page.getByRole('link', { name: 'Overview' }).count()).toBe(1)
    await accessible('notices (English)')
    await shot('notices-en')
    await page.goto(`${base}/console/agencies`)
    await accessible('agency tree')
    await shot('agencies-en')
  })
})
