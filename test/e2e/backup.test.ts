import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'

const base = inject('baseUrl')
const root = join(import.meta.dirname, '../..')

describe('the nightly backup and npm run restore, end to end', () => {
  it('backs up the running registry to its local R2 and restores it into a fresh local D1', async () => {
    const cron = await fetch(
      `${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('0 19 * * *')}`
    )
    expect(cron.status).toBe(200)
    // The cron starts the backup Workflow; it finishes in its own time.
    let health: any
    for (let i = 0; i < 600; i++) {
      health = await (await fetch(`${base}/health`)).json()
      if (health.lastBackup) break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(health.lastBackup).not.toBeNull()
    const date = health.lastBackup.slice(0, 10)
    const target = mkdtempSync(join(tmpdir(), 'registry-restored-'))
    try {
      const run = spawnSync(
        join(root, 'node_modules/.bin/tsx'),
        ['scripts/restore.ts', date, '--local', '--from', inject('statePath'), '--to', target],
        { cwd: root, encoding: 'utf8', timeout: 120_000 }
      )
      expect(run.status, run.stderr).toBe(0)
      const result = JSON.parse(run.stdout.trim().split('\n').pop()!)
      expect(result).toMatchObject({ restored: `backups/${date}/`, auditChain: 'verified' })
      expect(result.counts.certificates).toBeGreaterThan(3000)
      expect(result.counts.agencies).toBeGreaterThan(100)
      // A second restore into the same database is refused: it is no longer empty.
      const again = spawnSync(
        join(root, 'node_modules/.bin/tsx'),
        ['scripts/restore.ts', date, '--local', '--from', inject('statePath'), '--to', target],
        { cwd: root, encoding: 'utf8', timeout: 120_000 }
      )
      expect(again.status).not.toBe(0)
      expect(again.stderr).toContain('not empty')
    } finally {
      rmSync(target, { recursive: true, force: true })
    }
  }, 180_000)
})
