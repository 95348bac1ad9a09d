import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')

describe('the deployable bundle', () => {
  it.each(['staging', 'production'])(
    'builds for the %s environment, with its own bindings',
    (name) => {
      const out = mkdtempSync(join(tmpdir(), `registry-${name}-`))
      try {
        const log = execFileSync(
          join(root, 'node_modules/.bin/wrangler'),
          ['deploy', '--dry-run', '--env', name, '--outdir', out],
          {
            cwd: root,
            env: {
              ...process.env,
              WRANGLER_SEND_METRICS: 'false',
              CLOUDFLARE_CF_FETCH_ENABLED: 'false',
              XDG_CONFIG_HOME: join(root, '.xdg'),
            },
            encoding: 'utf8',
            stdio: 'pipe',
          }
        )
        expect(log).toContain(`cert-registry-${name === 'staging' ? 'staging-' : ''}notices`)
        expect(log).toMatch(new RegExp(`ENVIRONMENT \\("${name}"\\)`))
      } finally {
        rmSync(out, { recursive: true, force: true })
      }
    },
    120_000
  )

  // The Worker's own budget: 1.5 MiB gzipped. Cloudflare's limit is far above it (64 MiB
  // uncompressed, 3 MB/10 MB compressed before 2026); the budget keeps start-up (1 s at most)
  // quick and catches an accidental doubling. About half is Swagger UI (text), a fifth pkijs.
  const BUDGET = 1.5 * 1024 * 1024

  it('builds with wrangler (bindings and all) and stays within its 1.5 MiB gzipped budget', () => {
    const out = mkdtempSync(join(tmpdir(), 'registry-bundle-'))
    try {
      execFileSync(
        join(root, 'node_modules/.bin/wrangler'),
        ['deploy', '--dry-run', '--outdir', out],
        {
          cwd: root,
          env: {
            ...process.env,
            WRANGLER_SEND_METRICS: 'false',
            CLOUDFLARE_CF_FETCH_ENABLED: 'false',
            XDG_CONFIG_HOME: join(root, '.xdg'),
          },
          stdio: 'pipe',
        }
      )
      const modules = readdirSync(out).filter((f) => !f.endsWith('.map') && f !== 'README.md')
      const gzipped = modules.reduce(
        (sum, f) => sum + gzipSync(readFileSync(join(out, f))).length,
        0
      )
      console.log(`bundle: ${modules.length} modules, ${(gzipped / 1024).toFixed(0)} KiB gzipped`)
      expect(modules).toContain('index.js')
      expect(gzipped).toBeLessThan(BUDGET)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, 120_000)
})
