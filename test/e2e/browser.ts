import chromium from '@sparticuz/chromium'
import { chromium as playwright, type Browser } from 'playwright-core'

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
