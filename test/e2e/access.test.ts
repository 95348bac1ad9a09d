import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { accessible, apiAs, launchBrowser, pickIn, signedIn, textOf } from './browser'

/**
 * Access from the console in Chromium: an officer's key made for an agency picked by name signs
 * in and sees that agency only, and is revoked; a person registered for Access, then disabled.
 */
const base = inject('baseUrl')
const token = inject('adminToken')
const shots = join(import.meta.dirname, '../../test-results/screenshots')
const api = apiAs(base, token)

let browser: Browser
let page: Page
beforeAll(async () => {
  browser = await launchBrowser()
  page = await signedIn(browser, base, token)
})
afterAll(async () => browser?.close())

const keyForm = () => page.locator('form[action="/console/keys"]')
const userForm = () => page.locator('form[action="/console/users"]')

describe('keys and users in the console', () => {
  it('makes an officer key for an agency picked by name; it signs in scoped, then is revoked', async () => {
    const dept = (await api('/api/v1/agencies?kind=department&limit=1')).items[0]
    await page.goto(`${base}/console/keys`)
    await keyForm().getByLabel('Tên').fill('Văn thư thử nghiệm')
    await keyForm().getByLabel('Vai trò').selectOption('officer')
    // An officer without an agency is refused on the agency field; nothing is made.
    await keyForm().getByRole('button').click()
    expect(await textOf(page, '#f-key-agency-error')).toBe(
      'Cán bộ cơ quan phải gắn với một cơ quan; vai trò khác thì không.'
    )
    expect(
      (await api('/api/v1/keys')).items.some((k: any) => k.name === 'Văn thư thử nghiệm')
    ).toBe(false)
    await pickIn(keyForm(), 'Cơ quan', dept.name)
    await keyForm().getByRole('button').click()
    const secret = await textOf(page, 'code.secret')
    expect(secret.length).toBeGreaterThan(20)
    const row = page.locator('tr', { hasText: 'Văn thư thử nghiệm' })
    expect(await row.textContent()).toContain('cán bộ cơ quan')
    expect(await row.textContent()).toContain(dept.name)
    await accessible(page, 'keys and users')
    await page.screenshot({ path: join(shots, 'keys.png'), fullPage: true })

    // The new key signs in and sees its own agency's certificates only.
    const officer = await signedIn(browser, base, secret)
    const seen = await apiAs(base, secret)('/api/v1/agencies?limit=200')
    expect(seen.items.every((a: any) => a.id === dept.id || a.parentId)).toBe(true)
    expect(seen.items.some((a: any) => a.id === dept.id)).toBe(true)
    await officer.context().close()

    await page.goto(`${base}/console/keys`)
    await page.locator('tr', { hasText: 'Văn thư thử nghiệm' }).getByRole('button').click()
    await page.locator('.flash.ok').waitFor()
    expect(
      (await api('/api/v1/keys')).items.find((k: any) => k.name === 'Văn thư thử nghiệm').revokedAt
    ).not.toBeNull()
    expect(
      (await fetch(`${base}/api/v1/agencies`, { headers: { authorization: `Bearer ${secret}` } }))
        .status
    ).toBe(401)
  })

  it('registers a person for Access as an auditor, then disables them', async () => {
    await page.goto(`${base}/console/keys`)
    await userForm().getByLabel('Thư điện tử').fill('kiemtra.thu@example.gov.vn')
    await userForm().getByLabel('Tên').fill('Nguyễn Kiểm Tra')
    await userForm().getByLabel('Vai trò').selectOption('auditor')
    await userForm().getByRole('button').click()
    expect(await textOf(page, '.flash')).toBe('Đã lưu.')
    const row = page.locator('tr', { hasText: 'kiemtra.thu@example.gov.vn' })
    expect(await row.textContent()).toContain('kiểm tra')
    await row.getByRole('button').click()
    await page.locator('.flash.ok').waitFor()
    expect(
      (await api('/api/v1/users')).items.find((u: any) => u.email === 'kiemtra.thu@example.gov.vn')
        .disabledAt
    ).not.toBeNull()
  })
})
