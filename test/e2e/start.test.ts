import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'

const base = inject('baseUrl')
const token = inject('adminToken')
const get = async (path: string): Promise<any> =>
  (await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })).json()

describe('npm start on a fresh database', () => {
  it('serves the registry with the demo province seeded', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({
      status: 'ok',
      database: 'ok',
    })
    const agencies = await get('/api/v1/agencies?kind=commune&limit=200')
    expect(agencies.items.length).toBeGreaterThanOrEqual(90)
    const expiring = await get('/api/v1/certificates?status=expiring&days=30')
    expect(expiring.items.length).toBeGreaterThan(0)
    expect(expiring.items.every((c: any) => c.status === 'active' && c.daysLeft <= 30)).toBe(true)
  })

  it('says where the console is and which key signs in locally', () => {
    const said = inject('startOutput')
    expect(said).toContain(`console: ${base}/console/sign-in`)
    expect(said).toContain(`local admin key (ADMIN_TOKEN in .dev.vars): ${token}`)
  })

  it('serves the interactive API reference from its own assets', async () => {
    const page = await fetch(`${base}/docs`)
    expect(await page.text()).toContain('swagger-ui-bundle.js')
    const bundle = await fetch(`${base}/docs/vendor/swagger-ui-bundle.js`)
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await bundle.text()).length).toBeGreaterThan(100_000)
  })

  // The department's shared acceptance check of DESIGN.md's contract, run from outside.
  const smoke = join(import.meta.dirname, '../../../shared/acceptance/contract-smoke.mjs')
  it.runIf(existsSync(smoke))('passes the shared contract smoke check', () => {
    const run = spawnSync(process.execPath, [smoke, base, token], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(run.stdout).toMatch(/\d+ passed, 0 failed/)
    expect(run.status).toBe(0)
  })
})

describe('the Worker as wrangler dev runs it (no nodejs_compat)', () => {
  it('reads certificate files with the X.509 library', async () => {
    const pem = readFileSync(join(import.meta.dirname, '../fixtures/pki/an-rsa.pem'))
    const res = await fetch(`${base}/api/v1/status/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-pem-file' },
      body: pem,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      status: 'unknown',
      registered: false,
      file: { serial: '9F1E2D3C4B5A69788796A5B4C3D2E1F001020304' },
    })
  })
})
