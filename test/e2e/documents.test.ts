import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { accessible as check, launchBrowser } from './browser'

/**
 * The public page for signed documents in Chromium: a PDF signed through a placeholder by
 * `openssl cms -sign` (test/fixtures/make-documents.sh) uploaded, then dropped, then one with a
 * byte changed; the verdicts, the receipt, and WCAG checks.
 */
const base = inject('baseUrl')
const token = inject('adminToken')
const dir = join(import.meta.dirname, '../fixtures/documents')
const shots = join(import.meta.dirname, '../../test-results/screenshots')

let browser: Browser
let page: Page
let holderName: string
const send = (path: string, body: BodyInit, type?: string) =>
  fetch(base + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) },
    body,
  })

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  const pem = 'application/x-pem-file'
  expect((await send('/api/v1/issuers', readFileSync(join(dir, 'doc-ca.pem')), pem)).status).toBe(
    201
  )
  expect((await send('/api/v1/crls', readFileSync(join(dir, 'doc-ca.crl')), pem)).status).toBe(200)
  const holders: any = await (
    await fetch(`${base}/api/v1/holders?kind=person&status=in_post&limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()
  const form = new FormData()
  form.set('file', new Blob([readFileSync(join(dir, 'an.pem'))]), 'an.pem')
  form.set('kind', 'personal')
  form.set('holderId', holders.items[0].id)
  holderName = holders.items[0].fullName
  expect((await send('/api/v1/certificates', form)).status).toBe(201)
  browser = await launchBrowser()
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
  ).newPage()
})
afterAll(async () => browser?.close())

const accessible = (name: string) => check(page, name)

describe('the public page for a signed document, in Chromium', () => {
  it('verifies an uploaded PDF: the verdict first, one card per signature, a printable receipt', async () => {
    await page.goto(`${base}/`)
    await page.getByRole('link', { name: 'Kiểm tra văn bản đã ký số' }).click()
    expect(await page.locator('h1').textContent()).toBe('Kiểm tra văn bản đã ký số')
    await page.getByLabel('Văn bản đã ký (PDF, .p7m, .p7s)').setInputFiles(join(dir, 'signed.pdf'))
    await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click()
    const headline = page.locator('article.receipt > section.verdict').first()
    expect(await headline.locator('h2').textContent()).toBe('Hợp lệ')
    const cards = page.locator('section.signature')
    expect(await cards.count()).toBe(1)
    const card = (await cards.first().textContent()) ?? ''
    expect(card).toContain('Chữ ký 1: Hợp lệ')
    expect(card).toContain(`${holderName} (chữ ký cá nhân)`) // the registry's holder
    expect(card).toMatch(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} \(do người ký tự khai/)
    expect(await page.getByRole('button', { name: 'In biên nhận kiểm tra' }).count()).toBe(1)
    await accessible('document, valid')
    await page.screenshot({ path: join(shots, 'document-valid.png'), fullPage: true })
    // Printed, the receipt is the verdicts alone: no header, no form.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('form.card').isVisible()).toBe(false)
    expect(await headline.isVisible()).toBe(true)
    await page.emulateMedia({ media: 'screen' })
  })

  it('takes a dropped file, and says a changed one is invalid', async () => {
    await page.goto(`${base}/documents`)
    expect(await page.locator('form.droppable').count()).toBe(1)
    const bytes = [...readFileSync(join(dir, 'tampered.pdf'))]
    // What a drop does (the page's script puts the file into the form's file field).
    await page.evaluate(`(() => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([new Uint8Array(${JSON.stringify(bytes)})], 'tampered.pdf', { type: 'application/pdf' }))
      document.querySelector('form[data-drop]').dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    })()`)
    await page.getByRole('button', { name: 'Kiểm tra chữ ký' }).click()
    expect(await page.locator('article.receipt > section.verdict h2').first().textContent()).toBe(
      'Không hợp lệ'
    )
    expect(await page.locator('section.signature').first().textContent()).toContain(
      'Nội dung đã bị thay đổi sau khi ký'
    )
    await accessible('document, invalid')
    await page.screenshot({ path: join(shots, 'document-invalid.png'), fullPage: true })
  })
})
