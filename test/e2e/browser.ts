import chromium from '@sparticuz/chromium'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { chromium as playwright, type Browser, type Locator, type Page } from 'playwright-core'
import { expect } from 'vitest'

/**
 * Headless Chromium from a registry package (@sparticuz/chromium ships the build inside its npm
 * tarball and unpacks it to /tmp), so the browser tests need nothing but `npm install`: no root,
 * no apt, never a browser downloaded at run time. Flags keep it off the network.
 */
export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    headless: true,
    args: ['--no-sandbox', '--no-zygote', '--disable-gpu', '--disable-background-networking'],
  })
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8'
)

/** Runs axe-core on the page: no violation of WCAG 2 A/AA (labels, headings, contrast…). */
export async function accessible(page: Page, name: string) {
  await page.addScriptTag({ content: axeSource })
  const result: any = await page.evaluate("axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })")
  expect(
    result.violations.map((v: any) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target})`),
    name
  ).toEqual([])
}

/** Where a run keeps each key's signed-in session, so a key signs in once per run. */
const SESSIONS = join(tmpdir(), 'registry-e2e-sessions')

/**
 * A new page signed in to the console with an API key. bypassCSP only so the tests can inject
 * axe-core; the pages themselves run under the real CSP. Confirmations are accepted. A key signs
 * in through the form once per run and its session is reused after (sign-in is rate-limited to
 * 10 a minute per client, as in production, and every test here is that one client).
 */
export async function signedIn(
  browser: Browser,
  base: string,
  key: string,
  viewport = { width: 1280, height: 900 }
) {
  mkdirSync(SESSIONS, { recursive: true })
  const saved = join(
    SESSIONS,
    `${createHash('sha256').update(`${base} ${key}`).digest('hex').slice(0, 24)}.json`
  )
  const open = async (storageState?: string) => {
    const page = await (
      await browser.newContext({ viewport, bypassCSP: true, storageState })
    ).newPage()
    page.on('dialog', (d) => d.accept())
    return page
  }
  if (existsSync(saved)) {
    const page = await open(saved)
    await page.goto(`${base}/console`)
    if (page.url() === `${base}/console`) return page
    await page.context().close()
  }
  const page = await open()
  await page.goto(`${base}/console/sign-in`)
  await page.getByLabel('Khóa truy cập (API key)').fill(key)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.waitForURL(`${base}/console`)
  await page.context().storageState({ path: saved })
  return page
}

/** The trimmed text of the first element a selector finds. */
export const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').trim()

/** The registry's API from the test, as the given key: JSON in and out. */
export const apiAs =
  (base: string, token: string) =>
  async (path: string, init: RequestInit = {}): Promise<any> =>
    (
      await fetch(base + path, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      })
    ).json()

/** Types into a pick field (of the page, or of one form) and takes the suggestion that starts with `start`. */
export async function pickIn(page: Page | Locator, label: string, typed: string, start = typed) {
  const field = page.getByLabel(label, { exact: true })
  await field.fill(typed)
  const list = `#${await field.getAttribute('list')} option`
  const values = () => page.locator(list).evaluateAll((o) => o.map((x: any) => x.value as string))
  await expect.poll(async () => (await values()).find((v) => v.startsWith(start))).toBeTruthy()
  await field.fill((await values()).find((v) => v.startsWith(start))!)
}

/** The words in the table cells under `root` that a too narrow column breaks across lines. */
export const wordsBroken = (page: Page, root: string): Promise<string[]> =>
  page.evaluate(`(() => {
    const range = document.createRange()
    const broken = []
    for (const cell of document.querySelectorAll(${JSON.stringify(`${root} td, ${root} th`)})) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode())
        for (const m of (node.textContent || '').matchAll(/\\S+/g)) {
          range.setStart(node, m.index)
          range.setEnd(node, m.index + m[0].length)
          if (range.getClientRects().length > 1) broken.push(m[0])
        }
    }
    return broken
  })()`)
