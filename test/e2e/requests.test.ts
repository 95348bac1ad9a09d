import { strFromU8, unzipSync } from 'fflate'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { accessible, apiAs, launchBrowser, signedIn, textOf } from './browser'

/**
 * A renewal request in Chromium: an agency's officer drafts it (the agency picked by name, the
 * certificate by its serial) and files it; the department checks it and sends it to the CA, and
 * the deadline shows in working days; done with the certificate the CA issued.
 */
const base = inject('baseUrl')
const token = inject('adminToken')
const shots = join(import.meta.dirname, '../../test-results/screenshots')
const api = apiAs(base, token)

let browser: Browser
const text = textOf

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  browser = await launchBrowser()
})
afterAll(async () => browser?.close())

describe('a request to the CA, filed by an agency and sent by the department', () => {
  it('runs from draft to done in the console, with its deadline in working days', async () => {
    const cert = (await api('/api/v1/certificates?status=active&kind=personal&limit=1')).items[0]
    const agency = await api(`/api/v1/agencies/${cert.agencyId}`)
    const key = await api('/api/v1/keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'Văn thư (thử nghiệm)', role: 'officer', agencyId: agency.id }),
    })
    const officer = await signedIn(browser, base, key.secret)
    await officer.getByRole('link', { name: 'Yêu cầu' }).click()
    expect(await text(officer, 'h1')).toBe('Yêu cầu gửi CA (Nghị định 68/2024)')
    // As a reminder's link opens it: the renewal of this certificate filled in.
    await officer.goto(`${base}/console/requests/new?kind=renewal&serial=${cert.serial}`)
    expect(await officer.getByLabel('Loại yêu cầu').inputValue()).toBe('renewal')
    expect(await officer.getByLabel('Số hiệu chứng thư số').inputValue()).toBe(cert.serial)
    const agencyField = officer.getByLabel('Cơ quan, tổ chức quản lý trực tiếp')
    await agencyField.fill(`${agency.name} (${agency.code})`)
    await officer.getByLabel('Số, ký hiệu văn bản').fill('45/VP-TN')
    await officer.getByLabel('Ngày văn bản (dd/mm/yyyy)').fill('27/11/2026')
    await officer.getByRole('button', { name: 'Lưu' }).click()
    await officer.locator('.flash').waitFor()
    await officer.screenshot({ path: join(shots, 'request-new.png'), fullPage: true })
    expect(await text(officer, '.flash'), await text(officer, 'main')).toBe('Đã lưu.')
    expect(await text(officer, 'dl.facts')).toContain('bản nháp')
    expect(await text(officer, 'dl.facts')).toContain(cert.serial)
    await accessible(officer, 'request, draft')
    await officer.getByRole('button', { name: 'nộp' }).click()
    await officer.locator('.flash.ok').waitFor()
    expect(await text(officer, 'dl.facts')).toContain('đã nộp')
    // The department's steps are not offered to the agency.
    expect(await officer.getByRole('button', { name: 'kiểm tra' }).count()).toBe(0)
    const requestUrl = officer.url().replace(/\?.*$/, '')

    const department = await signedIn(browser, base, token)
    await department.goto(requestUrl)
    await department.getByRole('button', { name: 'kiểm tra' }).click()
    await department.locator('.flash.ok').waitFor()
    await department.getByLabel('Kênh gửi').selectOption('online')
    await department.getByLabel('Mã hồ sơ / số văn bản đi').fill('DVC-2026-000999')
    await department.getByLabel('Ngày gửi (dd/mm/yyyy)').fill('13/02/2026')
    await department.getByRole('button', { name: 'gửi CA' }).click()
    await department.locator('.flash.ok').waitFor()
    // Sent the Friday before Tết 2026: three working days later is Wednesday 25/02/2026.
    expect(await text(department, 'dl.facts')).toContain('25/02/2026')
    expect(await text(department, 'dl.facts')).toContain('Quá hạn')
    await accessible(department, 'request, sent')
    await department.screenshot({ path: join(shots, 'request-sent.png'), fullPage: true })
    await department.goto(`${base}/console/requests?overdue=true`)
    expect(await department.locator('tbody tr', { hasText: 'gia hạn' }).count()).toBeGreaterThan(0)
    await accessible(department, 'requests, overdue')

    // The CA renewed it: done, linked to the new certificate.
    const renewed = await api(`/api/v1/certificates/${cert.id}/renew`, {
      method: 'POST',
      body: JSON.stringify({
        serial: '7E57AB1E0001',
        issuer: cert.issuer,
        subject: cert.subject,
        notBefore: new Date().toISOString(),
        notAfter: new Date(Date.now() + 700 * 86_400_000).toISOString(),
      }),
    })
    expect(renewed.id, JSON.stringify(renewed)).toBeTruthy()
    await department.goto(requestUrl)
    await department.getByLabel('Số hiệu chứng thư số CA đã cấp').fill('7E57AB1E0001')
    await department.getByRole('button', { name: 'hoàn thành' }).click()
    await department.locator('.flash.ok').waitFor()
    expect(await text(department, 'dl.facts')).toContain('hoàn thành')
    // The request as the form its agency's head signs, printable and correctable on the page.
    await department.getByRole('link', { name: 'In văn bản đề nghị' }).click()
    expect(await text(department, 'h2.record-title')).toBe(
      'ĐỀ NGHỊ GIA HẠN CHỨNG THƯ CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ'
    )
    const form = await text(department, 'article.form')
    expect(form).toContain(agency.name.toUpperCase())
    expect(form).toContain('Số: 45/VP-TN')
    expect(form).toContain('ngày 27 tháng 11 năm 2026')
    expect(form).toContain(cert.serial)
    expect(form).toContain('THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC')
    await accessible(department, 'request form')
    await department.emulateMedia({ media: 'print' })
    await department.screenshot({ path: join(shots, 'request-form-print.png'), fullPage: true })
    expect(await department.locator('body > header').isVisible()).toBe(false)
    await department.emulateMedia({ media: 'screen' })

    // The same form as a Word document to sign digitally: it opens (a ZIP with the document
    // part) and says what the page says.
    const href = await department
      .getByRole('link', { name: 'Tải bản Word (.docx) để ký số' })
      .getAttribute('href')
    const docx = await department.request.get(base + href!)
    expect(docx.headers()['content-type']).toContain('wordprocessingml')
    const parts = unzipSync(new Uint8Array(await docx.body()))
    expect(Object.keys(parts)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'word/document.xml'])
    )
    const xml = strFromU8(parts['word/document.xml'])
    const words = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ')
    for (const said of [
      'ĐỀ NGHỊ GIA HẠN CHỨNG THƯ CHỮ KÝ SỐ CHUYÊN DÙNG CÔNG VỤ',
      agency.name.toUpperCase(),
      'Số: 45/VP-TN',
      'ngày 27 tháng 11 năm 2026',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'THỦ TRƯỞNG CƠ QUAN, TỔ CHỨC',
    ])
      expect(words).toContain(said)
    expect(words).toContain(cert.serial)
    expect(xml.match(/<w:tbl>/g)).toHaveLength(3) // heading, subscribers, signatures
  })
})
