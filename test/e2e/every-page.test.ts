import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { vocabulary } from '../../src/ui/i18n'
import { accessible, apiAs, launchBrowser, signedIn } from './browser'

/**
 * Every console page and the public pages, at a phone's width and a desktop's, in Vietnamese and
 * in English: axe (WCAG 2.1 AA) clean, never wider than the screen, and the words of the page's
 * own interface (headings, labels, buttons, column heads, badges) in the page's language.
 */
const base = inject('baseUrl')
const token = inject('adminToken')
const api = apiAs(base, token)

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => browser?.close())

/** The interface's own words on a page: what it says, not the records it shows. */
const INTERFACE =
  'main h2, main h3, label:not(td label), button, thead th, summary, .badge, nav a, .pager a, .pager span'

/** English words the interface uses, as capitalised words, outside brackets (kept for terms). */
const ENGLISH = new Set(
  vocabulary
    .filter(([vi, en]) => vi !== en)
    .flatMap(([, en]) => en.split(/[^A-Za-z]+/))
    .filter((word) => word.length >= 4 && /^[A-Z][a-z]/.test(word))
)
/** Names of products and the law, the same in both languages. */
const NAMES = /Cloudflare Access|CCCD|CRL|OCSP|PAdES|CSV|Excel/g
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i

async function pages() {
  // A draft request of its own, so the request page with every form is always among them.
  const person = (await api('/api/v1/holders?kind=person&status=in_post&limit=1')).items[0]
  const draft = await api('/api/v1/requests', {
    method: 'POST',
    body: JSON.stringify({
      kind: 'issue',
      certificateKind: 'personal',
      agencyId: person.agencyId,
      items: [{ holderId: person.id }],
    }),
  })
  // A key with a long unbroken name, so the keys table is wider than a phone whatever ran before.
  await api('/api/v1/keys', {
    method: 'POST',
    body: JSON.stringify({
      name: 'khoa_tich_hop_phan_mem_quan_ly_van_ban_dieu_hanh',
      role: 'auditor',
    }),
  })
  const [cert, holder, device, agency] = await Promise.all([
    api('/api/v1/certificates?status=active&limit=1'),
    api('/api/v1/holders?status=in_post&limit=1'),
    api('/api/v1/devices?limit=1'),
    api('/api/v1/agencies?kind=department&limit=1'),
  ])
  return [
    '/',
    '/documents',
    '/console',
    '/console/certificates',
    `/console/certificates/${cert.items[0].id}`,
    '/console/certificates/new',
    '/console/certificates/by-hand',
    '/console/holders',
    '/console/holders/new',
    `/console/holders/${holder.items[0].id}`,
    '/console/devices',
    '/console/devices/new',
    `/console/devices/${device.items[0].id}`,
    '/console/agencies',
    '/console/agencies/new',
    `/console/agencies/${agency.items[0].id}`,
    '/console/notices',
    '/console/reports',
    '/console/requests',
    '/console/requests/new',
    `/console/requests/${draft.id}`,
    '/console/import',
    '/console/issuers',
    '/console/reconciliation',
    '/console/keys',
    '/console/audit',
    '/console/certificates/crt_0000000000000000000000000',
  ]
}

describe('every page', () => {
  for (const lang of ['vi', 'en'] as const)
    for (const width of [390, 1366])
      it(`is accessible, fits ${width} px and speaks ${lang === 'vi' ? 'Vietnamese' : 'English'}`, async () => {
        const page: Page = await signedIn(browser, base, token, { width, height: 900 })
        if (lang === 'en') await page.goto(`${base}/lang?to=en&back=/console`)
        const wrong: string[] = []
        for (const path of await pages()) {
          await page.goto(`${base}${path}`)
          const overflow: number = await page.evaluate(
            'document.documentElement.scrollWidth - document.documentElement.clientWidth'
          )
          // The widest element, named, when the page is wider than the screen.
          const widest =
            overflow > 0
              ? await page.evaluate(`[...document.querySelectorAll('main *')]
                  .filter((e) => e.getBoundingClientRect().right > ${width} && e.children.length === 0)
                  .map((e) => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))
                  .slice(0, 3).join(' | ')`)
              : ''
          expect(overflow, `${path} at ${width} px: ${widest}`).toBeLessThanOrEqual(0)
          await accessible(page, `${path} at ${width} px (${lang})`)
          const said = await page
            .locator(INTERFACE)
            .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()))
          for (const text of said) {
            const bare = text.replace(/\([^)]*\)/g, '').replace(NAMES, '')
            const english = bare.split(/[^A-Za-z]+/).filter((w: string) => ENGLISH.has(w))
            if (lang === 'vi' && english.length) wrong.push(`${path}: “${text}”`)
            if (lang === 'en' && VIETNAMESE_LETTERS.test(bare)) wrong.push(`${path}: “${text}”`)
          }
        }
        expect(wrong).toEqual([])
        await page.context().close()
      })

  it('has a favicon', async () => {
    expect(await (await fetch(`${base}/favicon.svg`)).text()).toContain('<svg')
  })
})
