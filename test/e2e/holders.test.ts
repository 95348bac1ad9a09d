import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { accessible as check, apiAs, launchBrowser, pickIn, signedIn, textOf } from './browser'

/**
 * The department's intake of an official in Chromium, every reference picked by name: add a
 * person under an agency, find them in the register, move them to another agency, and record
 * their transfer out with the lists of what to revoke and take back.
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
  page = await signedIn(browser, base, token)
})
afterAll(async () => browser?.close())

const accessible = (name: string) => check(page, name)
const text = (selector: string) => textOf(page, selector)

const pick = (label: string, typed: string, start = typed) => pickIn(page, label, typed, start)

describe('an official, from intake to departure, in the console', () => {
  it('adds an official under an agency picked by name, then finds them in the register', async () => {
    const [first, second] = (await api('/api/v1/agencies?kind=department&limit=2')).items
    await page.goto(`${base}/console/holders`)
    expect(await text('h1')).toBe('Người được cấp chứng thư số (thuê bao)')
    await page.getByRole('link', { name: 'Thêm người hoặc tổ chức' }).click()
    await page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill('Đặng Thị Thử Nghiệm')
    await page.getByLabel('Số CCCD').fill('001199004321')
    await page.getByLabel('Chức vụ').fill('Chuyên viên')
    // A name that finds nothing is refused, with nothing written.
    await page.getByLabel('Cơ quan, tổ chức quản lý trực tiếp').fill('Không có cơ quan này')
    await page.getByRole('button', { name: 'Lưu' }).click()
    expect(await text('#f-agency-error')).toBe('Không tìm thấy “Không có cơ quan này”.')
    await pick(
      'Cơ quan, tổ chức quản lý trực tiếp',
      first.name.split(' ').slice(0, 3).join(' '),
      first.name
    )
    await page.getByRole('button', { name: 'Lưu' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('h1')).toBe('Đặng Thị Thử Nghiệm')
    expect(await text('dl.facts')).toContain(first.name)
    await accessible('holder profile')
    await page.screenshot({ path: join(shots, 'holder-new.png'), fullPage: true })
    // Edited through its form (the version it was read at goes along).
    await page.getByLabel('Chức vụ').fill('Phó Trưởng phòng')
    await page.getByRole('button', { name: 'Lưu' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts')).toContain('Phó Trưởng phòng')

    await page.goto(`${base}/console/holders?q=dang thi thu nghiem`)
    expect(await page.locator('tbody tr').count()).toBe(1)
    expect(await text('tbody tr')).toContain(first.name)
    await accessible('holders register')
    await page.screenshot({ path: join(shots, 'holders.png'), fullPage: true })

    // Moved to another agency, picked by name.
    await page.getByRole('link', { name: 'Đặng Thị Thử Nghiệm' }).click()
    await pick('Cơ quan chuyển đến', second.name)
    await page.getByRole('button', { name: 'Chuyển sang cơ quan khác' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts')).toContain(second.name)
  })

  it('records a transfer out and lists what is left to revoke and take back', async () => {
    await page.goto(`${base}/console/holders?q=dang thi thu nghiem`)
    await page.getByRole('link', { name: 'Đặng Thị Thử Nghiệm' }).click()
    // A day that does not exist is refused beside its field, and the form keeps what was chosen,
    // the "revoke too" box included.
    const leave = page.locator('form[action$="/leave"]')
    await leave.getByLabel('Ngày (dd/mm/yyyy)').fill('31/13/2026')
    await leave.getByRole('checkbox').check()
    await page.getByRole('button', { name: /^Nghỉ việc, chuyển công tác/ }).click()
    await page.locator('form[action$="/leave"] .error').first().waitFor()
    expect(await page.locator('form[action$="/leave"]').getByRole('checkbox').isChecked()).toBe(
      true
    )
    await page.locator('form[action$="/leave"]').getByRole('checkbox').uncheck()
    await page.getByLabel('Ngày (dd/mm/yyyy)').fill('15/11/2026')
    await page.getByLabel('Căn cứ (số, ngày quyết định)').last().fill('QĐ 45/QĐ-UBND')
    await page.getByRole('button', { name: /^Nghỉ việc, chuyển công tác/ }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts')).toContain('chuyển công tác (15/11/2026)')
    expect(await page.locator('h2', { hasText: 'Chứng thư số cần đề nghị thu hồi' }).count()).toBe(
      1
    )
    expect(await page.getByRole('button', { name: 'Sửa thông tin' }).count()).toBe(0)
    // The history is what happened to the record; reads of its CCCD stay in the audit log.
    expect(await text('main')).toContain('nghỉ việc, chuyển công tác')
    expect(await text('main')).not.toContain('xem dữ liệu cá nhân')
    await accessible('holder departed')
  })

  it('records a certificate from its file: read and shown first, then saved for a holder picked by name', async () => {
    const holder = (await api('/api/v1/holders?kind=person&status=in_post&limit=1')).items[0]
    await page.goto(`${base}/console/certificates`)
    await page.getByRole('link', { name: 'Ghi nhận chứng thư số từ tệp' }).click()
    await page
      .getByLabel('Tệp chứng thư số (.cer, .crt, .pem)')
      .setInputFiles(join(import.meta.dirname, '../fixtures/pki/cuong-rsa.cer'))
    await page.getByRole('button', { name: 'Đọc tệp' }).click()
    expect(await text('dl.facts')).toContain('2B3C4D5E6F708192A3B4C5D6E7F8091011121314')
    expect(await text('dl.facts')).toContain('Lê Văn Cường')
    expect(await text('dl.facts')).toContain('01/01/2025 – 31/12/2029')
    await accessible('certificate from file, read')
    await page.screenshot({ path: join(shots, 'certificate-from-file.png'), fullPage: true })
    await pick('Thuê bao (người hoặc cơ quan được cấp)', holder.fullName)
    await page.getByRole('button', { name: 'Lưu vào sổ đăng ký' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(page.url()).toMatch(/\/console\/certificates\/crt_/)
    expect(await text('h1')).toContain('2B3C4D5E6F708192A3B4C5D6E7F8091011121314')
  })

  it('renews a certificate from the new file: holder and kind taken over, the old one marked replaced', async () => {
    // A personal certificate the new file (to 31/12/2029) renews: at most 3 years further.
    const old = (
      await api('/api/v1/certificates?status=active&kind=personal&sort=name&limit=200')
    ).items.find(
      (x: any) => x.notAfter > '2027-01-15' && x.notAfter < '2029-12-01' && !x.replacedById
    )
    await page.goto(`${base}/console/certificates/${old.id}`)
    await page.getByRole('link', { name: 'Gia hạn, cấp lại từ tệp chứng thư số mới' }).click()
    expect(await text('h1')).toBe('Gia hạn, cấp lại từ tệp chứng thư số mới')
    expect(await text('dl.facts')).toContain(old.serial)
    await page
      .getByLabel('Tệp chứng thư số (.cer, .crt, .pem)')
      .setInputFiles(join(import.meta.dirname, '../fixtures/pki/khanh-rsa.cer'))
    await page.getByRole('button', { name: 'Đọc tệp' }).click()
    expect(await text('main')).toContain('31/12/2029')
    // The holder is the old certificate's, already picked; renewal is the default.
    const holder = await api(`/api/v1/holders/${old.holderId}`)
    expect(await page.getByLabel('Thuê bao (người hoặc cơ quan được cấp)').inputValue()).toContain(
      holder.fullName
    )
    expect(await page.getByLabel('Hình thức').inputValue()).toBe('')
    await accessible('renewal from file')
    await page.getByRole('button', { name: 'Lưu vào sổ đăng ký' }).click()
    await page.locator('.flash.ok').waitFor()
    const renewed = await api(`/api/v1/certificates/${old.id}`)
    expect(renewed.replacedById).toBeTruthy()
    expect(page.url()).toContain(`/console/certificates/${renewed.replacedById}`)
    expect((await api(`/api/v1/certificates/${renewed.replacedById}`)).holderId).toBe(old.holderId)
  })

  it('reports a token lost, lists the certificates on it, and revokes them all', async () => {
    const certs = (await api('/api/v1/certificates?status=active&limit=200')).items
    const onDevice = certs.find((x: any) => x.deviceId)
    expect(onDevice, 'a demo certificate on a device').toBeTruthy()
    await page.goto(`${base}/console/devices/${onDevice.deviceId}`)
    expect(await text('main')).toContain(onDevice.serial)
    await page.getByRole('button', { name: 'Báo mất', exact: true }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('section.card')).toContain('Còn phải thu hồi')
    expect(await text('section.card')).toContain(onDevice.serial)
    await page.getByRole('button', { name: 'Thu hồi tất cả (lý do: khóa bị lộ)' }).click()
    await page.locator('.flash.ok').waitFor()
    const after = await api(`/api/v1/certificates/${onDevice.id}`)
    expect(after).toMatchObject({ status: 'revoked', reason: { code: 1, name: 'keyCompromise' } })
    expect(
      await page.getByRole('button', { name: 'Thu hồi tất cả (lý do: khóa bị lộ)' }).count()
    ).toBe(0)
    await accessible('lost device, revoked')
  })

  it('acknowledges several reminders at once and comes back to the same filtered page', async () => {
    // The morning scan has made the day's reminders.
    await fetch(`${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('0 1 * * *')}`)
    const open = (await api('/api/v1/notices?limit=200')).items.filter((n: any) => !n.acknowledged)
    const threshold = open[0].threshold
    await page.goto(`${base}/console/notices?threshold=${threshold}`)
    const boxes = page.locator('input[name="ids"]')
    const n = Math.min(2, await boxes.count())
    expect(n).toBeGreaterThan(0)
    for (let i = 0; i < n; i++) await boxes.nth(i).check()
    await page.getByRole('button', { name: 'Xác nhận đang gia hạn các mục đã chọn' }).click()
    await page.locator('.flash').waitFor()
    expect(await text('.flash'), await text('main')).toBe('Đã lưu.')
    expect(page.url()).toContain(`threshold=${threshold}`)
    expect(
      await page.locator('td', { hasText: 'Đã xác nhận đang gia hạn' }).count()
    ).toBeGreaterThanOrEqual(n)
    expect(await text('tbody')).toMatch(/\d{2}\/\d{2}\/\d{4}/) // due dates as dd/mm/yyyy
    // The acknowledged ones are a state of their own in the filter.
    await page.getByLabel('Trạng thái').selectOption('acknowledged')
    await page.getByRole('button', { name: 'Lọc' }).click()
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(n)
    expect(await page.locator('tbody tr', { hasNotText: 'Đã xác nhận đang gia hạn' }).count()).toBe(
      0
    )
    await accessible('notices, bulk acknowledged')
    await page.screenshot({ path: join(shots, 'notices-bulk.png'), fullPage: true })
    // A day that does not exist is said beside its field, not answered with an empty list.
    await page.goto(`${base}/console/notices?from=31/11/2026`)
    expect(await text('#f-from-error')).toBe('không phải ngày hợp lệ (dd/mm/yyyy)')

    // A reminder leads to its renewal request; once filed, the reminder links to it.
    // (An expired certificate cannot be renewed: its reminder offers no renewal request.)
    // (One another test has filed a request for already links to that request instead.)
    const notice = open.find(
      (x: any) =>
        x.threshold >= 0 && x.certificate.notAfter > new Date().toISOString() && !x.renewalRequest
    )
    await page.goto(`${base}/console/notices?certificateId=${notice.certificateId}`)
    await page.getByRole('link', { name: 'Lập yêu cầu gia hạn' }).first().click()
    expect(await page.getByLabel('Số hiệu chứng thư số', { exact: false }).inputValue()).toBe(
      notice.certificate.serial
    )
    // What the certificate says of its agency, holder and kind is filled in too: saved as it is.
    const cert = await api(`/api/v1/certificates/${notice.certificateId}`)
    const agency = await api(`/api/v1/agencies/${cert.agencyId}`)
    expect(await page.getByLabel('Cơ quan, tổ chức quản lý trực tiếp').inputValue()).toBe(
      `${agency.name} (${agency.code})`
    )
    expect(await page.getByLabel('Loại chứng thư số', { exact: false }).inputValue()).toBe(
      cert.kind
    )
    await page.getByRole('button', { name: 'Lưu' }).click()
    await page.waitForURL(/\/console\/requests\/req_/)
    const request = await api(`/api/v1/requests/${/req_\w+/.exec(page.url())![0]}`)
    expect(request).toMatchObject({ kind: 'renewal', agencyId: cert.agencyId })
    expect(request.items[0]).toMatchObject({ certificateId: cert.id, holderId: cert.holderId })
    const filed = await api(`/api/v1/requests/${request.id}/file`, { method: 'POST', body: '{}' })
    expect(filed.state, JSON.stringify(filed)).toBe('filed')
    await page.goto(`${base}/console/notices?certificateId=${notice.certificateId}`)
    await page.getByRole('link', { name: 'Đã có yêu cầu gia hạn' }).first().click()
    expect(page.url()).toContain(`/console/requests/${request.id}`)
  })

  it('tells two namesakes of one agency apart in the suggestions, and takes the one picked', async () => {
    const agency = (await api('/api/v1/agencies?kind=department&limit=1')).items[0]
    const add = (position: string) =>
      api('/api/v1/holders', {
        method: 'POST',
        body: JSON.stringify({
          kind: 'person',
          fullName: 'Lê Thị Trùng',
          position,
          agencyId: agency.id,
        }),
      })
    const [, second] = [await add('Văn thư'), await add('Kế toán')]
    const labels: string[] = await (
      await page.request.get(
        `${base}/console/pick?kind=holder&q=${encodeURIComponent('Lê Thị Trùng')}`
      )
    ).json()
    expect(labels).toHaveLength(2)
    expect(new Set(labels).size).toBe(2)
    const chosen = labels.find((l) => l.includes('Kế toán'))!
    expect(chosen).toBe(`Lê Thị Trùng — ${agency.name} · Kế toán · mã …${second.id.slice(-4)}`)
    // The label picked names that one person: a certificate recorded by hand goes to them.
    await page.goto(`${base}/console/certificates/by-hand`)
    await page.getByLabel('Thuê bao (người hoặc cơ quan được cấp)').fill(chosen)
    await page.getByLabel('Số hiệu (serial)').fill('7A:99:88:77')
    await page.getByLabel('Chủ thể (subject)', { exact: false }).fill('CN=Lê Thị Trùng,C=VN')
    await page.getByLabel('Có hiệu lực từ (dd/mm/yyyy)').fill('01/12/2025')
    await page.getByLabel('Hết hạn (dd/mm/yyyy)').fill('30/11/2027')
    await page.getByRole('button', { name: 'Lưu vào sổ đăng ký' }).click()
    await page.locator('.flash.ok').waitFor()
    const recorded = (await api('/api/v1/certificates?q=7A998877')).items[0]
    expect(recorded.holderId).toBe(second.id)
  })

  it('adds a token to stock under an agency picked by name, then marks it damaged and retired', async () => {
    const agency = (await api('/api/v1/agencies?kind=department&limit=1')).items[0]
    await page.goto(`${base}/console/devices`)
    await page.getByRole('link', { name: 'Thêm thiết bị lưu khóa' }).click()
    await page.getByLabel('Số sê-ri').fill('VGCA-TK-2026-E2E01')
    await page.getByLabel('Loại, kiểu thiết bị').fill('Bkav CA Token')
    await page.getByLabel('Cơ quan quản lý thiết bị').fill(`${agency.name} (${agency.code})`)
    await page.getByRole('button', { name: 'Lưu' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('h1')).toContain('VGCA-TK-2026-E2E01')
    expect(await text('dl.facts')).toContain('Trong kho')
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('damaged')
    await page.getByRole('button', { name: 'Lưu' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts')).toContain('Hỏng')
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('retired')
    await page.getByRole('button', { name: 'Lưu' }).click()
    await page.locator('.flash.ok').waitFor()
    expect(await text('dl.facts')).toContain('Thanh lý')
    // A retired device is history: nothing more to change on it.
    expect(await page.getByRole('button', { name: 'Lưu' }).count()).toBe(0)
    await accessible('device retired')
  })
})
