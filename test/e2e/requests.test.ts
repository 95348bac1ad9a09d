import { strFromU8, unzipSync } from 'fflate'
import writeXlsxFile from 'write-excel-file/universal'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { accessible, apiAs, launchBrowser, pickIn, signedIn, textOf } from './browser'

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
    // Named as the agency files it, never by the registry's id.
    expect(docx.headers()['content-disposition']).toMatch(
      /^attachment; filename="de-nghi-[a-z0-9-]+-\d{8}\.docx"$/
    )
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

  it('runs every other kind (issue, change, revocation, device recovery) from the agency to done', async () => {
    // An agency with a token in someone's hands and active personal certificates.
    const token = (await api('/api/v1/devices?status=assigned&limit=50')).items[0]
    const agency = await api(`/api/v1/agencies/${token.agencyId}`)
    const holder = await api(`/api/v1/holders/${token.holderId}`)
    const [forChange, forRevocation] = (
      await api(`/api/v1/certificates?agencyId=${agency.id}&status=active&kind=personal&limit=20`)
    ).items.filter((c: any) => !c.replacedById)
    const key = await api('/api/v1/keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'Văn thư (mọi loại)', role: 'officer', agencyId: agency.id }),
    })
    const officer = await signedIn(browser, base, key.secret)
    const department = await signedIn(browser, base, inject('adminToken'))

    /** The officer drafts and files; the department checks and sends: the request's address. */
    async function fileAndSend(kind: string, fill: () => Promise<void>) {
      await officer.goto(`${base}/console/requests/new`)
      await officer.getByLabel('Loại yêu cầu').selectOption(kind)
      await officer
        .getByLabel('Cơ quan, tổ chức quản lý trực tiếp')
        .fill(`${agency.name} (${agency.code})`)
      await fill()
      await officer.getByRole('button', { name: 'Lưu' }).click()
      await officer.locator('.flash').waitFor()
      expect(await text(officer, '.flash'), `${kind}: ${await text(officer, 'main')}`).toBe(
        'Đã lưu.'
      )
      await officer.getByRole('button', { name: 'nộp' }).click()
      await officer.locator('.flash.ok').waitFor()
      const url = officer.url().replace(/\?.*$/, '')
      await department.goto(url)
      await department.getByRole('button', { name: 'kiểm tra' }).click()
      await department.locator('.flash.ok').waitFor()
      await department.getByLabel('Kênh gửi').selectOption('online')
      await department.getByRole('button', { name: 'gửi CA' }).click()
      await department.locator('.flash.ok').waitFor()
      return url
    }
    const finish = async (url: string, serial?: string) => {
      await department.goto(url)
      if (serial) await department.getByLabel('Số hiệu chứng thư số CA đã cấp').fill(serial)
      await department.getByRole('button', { name: 'hoàn thành' }).click()
      await department.locator('.flash').waitFor()
      expect(await text(department, '.flash'), await text(department, 'main')).toBe('Đã lưu.')
      expect(await text(department, 'dl.facts')).toContain('hoàn thành')
    }
    const post = (path: string, body: unknown) =>
      api(path, { method: 'POST', body: JSON.stringify(body) })
    const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

    // Cấp mới (Mẫu 01) for a person, picked by name.
    const issue = await fileAndSend('issue', async () => {
      await officer.getByLabel('Loại chứng thư số (Mẫu 01, 02, 03)').selectOption('personal')
      await pickIn(officer, 'Người được cấp', holder.fullName, `${holder.fullName} — `)
    })
    await officer.goto(`${issue}/print`)
    expect(await text(officer, 'main')).toContain('Mẫu 01')
    const issued = await post('/api/v1/certificates', {
      kind: 'personal',
      holderId: holder.id,
      serial: '7E57AB1E1001',
      issuer: forChange.issuer,
      subject: `CN=${holder.fullName},C=VN`,
      notBefore: new Date().toISOString(),
      notAfter: later(700),
    })
    await finish(issue, issued.serial)

    // Thay đổi nội dung thông tin: the CA re-issues the certificate.
    const change = await fileAndSend('change', async () => {
      await officer.getByLabel('Số hiệu chứng thư số').fill(forChange.serial)
    })
    const reissued = await post('/api/v1/certificates', {
      kind: 'personal',
      holderId: forChange.holderId,
      serial: '7E57AB1E1002',
      issuer: forChange.issuer,
      subject: forChange.subject,
      notBefore: new Date().toISOString(),
      notAfter: later(700),
      replacesId: forChange.id,
      replacement: 'change',
    })
    await finish(change, reissued.serial)

    // Thu hồi, with its ND 68 cause: done once the revocation is recorded.
    const revocation = await fileAndSend('revocation', async () => {
      await officer.getByLabel('Số hiệu chứng thư số').fill(forRevocation.serial)
      await officer.getByLabel('Lý do thu hồi').selectOption('3')
      await officer.getByLabel('Nguyên nhân').fill('Chuyển công tác sang tỉnh khác')
    })
    await post(`/api/v1/certificates/${forRevocation.id}/revoke`, { reasonCode: 3 })
    await finish(revocation)

    // Khôi phục thiết bị lưu khóa bí mật: the token in the agency's custody.
    const recovery = await fileAndSend('recovery', async () => {
      await officer.getByLabel('Số sê-ri thiết bị').fill(token.serial)
    })
    await finish(recovery)
    await accessible(department, 'request done (recovery)')
    await officer.context().close()
    await department.context().close()
  })

  it('fills a request for several people from the agency’s sheet', async () => {
    const holders = (await api('/api/v1/holders?kind=person&status=in_post&limit=200')).items
    const first = holders[0]
    const same = holders.filter((h: any) => h.agencyId === first.agencyId && h.id !== first.id)
    const agency = await api(`/api/v1/agencies/${first.agencyId}`)
    const draft = await api('/api/v1/requests', {
      method: 'POST',
      body: JSON.stringify({
        kind: 'issue',
        certificateKind: 'personal',
        agencyId: agency.id,
        items: [{ holderId: first.id }],
      }),
    })
    const page = await signedIn(browser, base, inject('adminToken'))
    await page.goto(`${base}/console/requests/${draft.id}`)
    const blob = await writeXlsxFile([
      [{ value: 'Họ tên' }, { value: 'Số CCCD' }],
      [{ value: first.fullName }, { value: first.nationalId ?? '', type: String }],
      ...same
        .slice(0, 2)
        .map((h: any) => [{ value: h.fullName }, { value: h.nationalId ?? '', type: String }]),
    ] as never).toBlob()
    await page.getByLabel('Tệp bảng tính (.xlsx hoặc CSV)').setInputFiles({
      name: 'nhieu-nguoi.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await blob.arrayBuffer()),
    })
    await page.getByRole('button', { name: 'Điền danh sách' }).click()
    await page.locator('.flash').waitFor()
    expect(await text(page, '.flash'), await text(page, 'main')).toBe('Đã lưu.')
    const filled = await api(`/api/v1/requests/${draft.id}`)
    expect(filled.items.length).toBe(1 + Math.min(2, same.length))
    await page.context().close()
  })
})
