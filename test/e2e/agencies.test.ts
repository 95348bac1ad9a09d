import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { accessible, apiAs, launchBrowser, pickIn, signedIn, textOf } from './browser'

/**
 * The department's reorganisations in Chromium, every agency picked by name: add two communes,
 * rename one, merge it into the other and correct the mistake, split a commune's people and
 * devices between two others, dissolve the empty one; refusals leave the registry unchanged.
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

const text = (selector: string) => textOf(page, selector)
const pick = (label: string, typed: string) => pickIn(page, label, typed)
const flashed = async () => {
  await page.locator('.flash').first().waitFor()
  return text('.flash')
}
/** Submits the form whose heading is `heading` with its own button. */
const submit = (heading: string) =>
  page
    .locator('form', { has: page.getByRole('heading', { name: heading, exact: true }) })
    .getByRole('button')
    .click()
const form = (heading: string) =>
  page.locator('form', { has: page.getByRole('heading', { name: heading, exact: true }) })

const agencyByCode = async (code: string) =>
  (await api(`/api/v1/agencies?q=${encodeURIComponent(code)}&limit=5`)).items.find(
    (a: any) => a.code === code
  )

describe('reorganising agencies in the console', () => {
  it('adds a commune under its province, picked by name, and renames it keeping the old name', async () => {
    const province = (await api('/api/v1/agencies?kind=province&limit=1')).items[0]
    await page.goto(`${base}/console/agencies`)
    await page.getByRole('link', { name: 'Thêm cơ quan, tổ chức' }).click()
    await page.getByLabel('Mã cơ quan').fill('XA-THU-A')
    await page.getByLabel('Tên cơ quan, tổ chức').fill('UBND xã Thử A')
    await page.getByLabel('Loại').selectOption('commune')
    // A parent that names nothing is refused, and nothing is written.
    await page.getByLabel('Cơ quan cấp trên').fill('Không có tỉnh này')
    await page.getByRole('button', { name: 'Lưu' }).click()
    expect(await text('#f-parent-error')).toBe('Không tìm thấy “Không có tỉnh này”.')
    expect(await agencyByCode('XA-THU-A')).toBeUndefined()
    await pick('Cơ quan cấp trên', province.name)
    await page.getByLabel('Ngưỡng nhắc hạn, số ngày', { exact: false }).fill('45, 15')
    await page.getByRole('button', { name: 'Lưu' }).click()
    expect(await flashed()).toBe('Đã lưu.')
    expect(await text('h1')).toBe('UBND xã Thử A')
    expect(await text('dl.facts')).toContain(province.name)
    expect(await text('dl.facts')).toContain('xã, phường, đặc khu')
    await accessible(page, 'agency page')
    expect((await agencyByCode('XA-THU-A')).reminderDays).toEqual([45, 15])

    // Renamed through the edit form: the former name is kept and shown.
    await form('Sửa thông tin, đổi tên').getByLabel('Tên cơ quan, tổ chức').fill('UBND xã Thử Một')
    await submit('Sửa thông tin, đổi tên')
    expect(await flashed()).toBe('Đã lưu.')
    expect(await text('h1')).toBe('UBND xã Thử Một')
    expect(await text('dl.facts')).toContain('UBND xã Thử A')
    expect(await text('main')).toContain('đổi tên cơ quan')
  })

  it('merges one commune into another, lists what moved, then corrects the mistake', async () => {
    const province = (await api('/api/v1/agencies?kind=province&limit=1')).items[0]
    const b = await api('/api/v1/agencies', {
      method: 'POST',
      body: JSON.stringify({
        code: 'XA-THU-B',
        name: 'UBND xã Thử Hai',
        kind: 'commune',
        parentId: province.id,
      }),
    })
    const a = await agencyByCode('XA-THU-A')
    const person = await api('/api/v1/holders', {
      method: 'POST',
      body: JSON.stringify({ kind: 'person', fullName: 'Lê Văn Sáp Nhập', agencyId: a.id }),
    })
    await page.goto(`${base}/console/agencies/${a.id}`)
    expect(await text('main')).toContain('Lê Văn Sáp Nhập')
    // A name that finds nothing is refused on its field; nothing is written.
    await form('Sáp nhập vào cơ quan khác').getByLabel('Sáp nhập vào').fill('Không có xã này')
    await submit('Sáp nhập vào cơ quan khác')
    expect(await form('Sáp nhập vào cơ quan khác').locator('.error').textContent()).toBe(
      'Không tìm thấy “Không có xã này”.'
    )
    expect((await agencyByCode('XA-THU-A')).status).toBe('active')

    await form('Sáp nhập vào cơ quan khác').getByLabel('Sáp nhập vào').fill(b.name)
    await form('Sáp nhập vào cơ quan khác')
      .getByLabel('Căn cứ (số, ngày quyết định)')
      .fill('Nghị quyết 1/NQ-HĐND ngày 01/12/2026')
    await submit('Sáp nhập vào cơ quan khác')
    expect(await flashed()).toBe('Đã lưu.')
    expect(await text('main')).toContain('Đã chuyển: 0 đơn vị, 1 người, 0 thiết bị')
    expect(await text('dl.facts')).toContain('đã sáp nhập')
    expect(await text('dl.facts')).toContain('UBND xã Thử Hai')
    expect((await api(`/api/v1/holders/${person.id}`)).agencyId).toBe(b.id)
    await page.screenshot({ path: join(shots, 'agency-merged.png'), fullPage: true })

    // The mistake undone: the commune is active again and its person comes back.
    await form('Đính chính sắp xếp nhầm').getByLabel('Lý do đính chính').fill('Sáp nhập nhầm xã')
    await submit('Đính chính sắp xếp nhầm')
    expect(await flashed()).toBe('Đã lưu.')
    expect(await text('dl.facts')).toContain('đang hoạt động')
    expect((await api(`/api/v1/holders/${person.id}`)).agencyId).toBe(a.id)
  })

  it('splits a commune between two others, then dissolves it once empty', async () => {
    const province = (await api('/api/v1/agencies?kind=province&limit=1')).items[0]
    const c = await api('/api/v1/agencies', {
      method: 'POST',
      body: JSON.stringify({
        code: 'XA-THU-C',
        name: 'UBND xã Thử Ba',
        kind: 'commune',
        parentId: province.id,
      }),
    })
    const [a, b] = [await agencyByCode('XA-THU-A'), await agencyByCode('XA-THU-B')]
    const person = await api('/api/v1/holders', {
      method: 'POST',
      body: JSON.stringify({ kind: 'person', fullName: 'Trần Thị Chia Tách', agencyId: c.id }),
    })
    const device = await api('/api/v1/devices', {
      method: 'POST',
      body: JSON.stringify({
        serial: 'TOKEN-CHIA-01',
        model: 'ePass2003',
        kind: 'token',
        agencyId: c.id,
      }),
    })
    await page.goto(`${base}/console/agencies/${c.id}`)
    // Dissolving while a person is in post is refused, in Vietnamese; nothing is written.
    await submit('Giải thể')
    expect(await flashed()).toContain('Không thực hiện được')
    expect((await agencyByCode('XA-THU-C')).status).toBe('active')

    const split = form('Chia, tách cơ quan')
    await split.getByLabel('Cơ quan nhận 1').fill(a.name)
    await split.getByLabel('Cơ quan nhận 2').fill(b.name)
    await split.getByLabel('Người: Trần Thị Chia Tách').selectOption('1')
    await split.getByLabel('Thiết bị: TOKEN-CHIA-01').selectOption('2')
    await accessible(page, 'agency split form')
    await submit('Chia, tách cơ quan')
    expect(await flashed()).toBe('Đã lưu.')
    expect((await api(`/api/v1/holders/${person.id}`)).agencyId).toBe(a.id)
    expect((await api(`/api/v1/devices/${device.id}`)).agencyId).toBe(b.id)

    await page.goto(`${base}/console/agencies/${c.id}`)
    await form('Giải thể')
      .getByLabel('Cơ quan tiếp nhận công việc (nếu có; không có: Sở)')
      .fill(a.name)
    await submit('Giải thể')
    expect(await flashed()).toBe('Đã lưu.')
    expect(await text('dl.facts')).toContain('đã giải thể')
    await page.screenshot({ path: join(shots, 'agency-dissolved.png'), fullPage: true })
  })

  it('reads the tree and an agency in English, and both pass axe on a phone', async () => {
    const a = await agencyByCode('XA-THU-A')
    const phone = await signedIn(browser, base, token, { width: 390, height: 844 })
    await phone.goto(`${base}/console/agencies`)
    expect(await textOf(phone, 'main')).toContain('UBND xã Thử Ba (XA-THU-C, đã giải thể)')
    await accessible(phone, 'agency tree at 390 px')
    await phone.goto(`${base}/console/agencies/${a.id}`)
    await accessible(phone, 'agency page at 390 px')
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await phone.goto(`${base}/lang?to=en&back=/console/agencies/${a.id}`)
    expect(await textOf(phone, 'main')).toContain('Merge into another agency')
    expect(await textOf(phone, 'dl.facts')).toContain('commune or ward')
    await phone.screenshot({ path: join(shots, 'agency-en-390.png'), fullPage: true })
    await phone.context().close()
  })
})
