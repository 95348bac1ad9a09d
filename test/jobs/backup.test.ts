import { env, SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { BACKUP_TABLES, KEYED, pruneBackups, runBackup } from '../../src/jobs/backup'
import { restoreBackup } from '../../src/jobs/restore'
import { auditKeys } from '../../src/lib/audit-keys'
import { api } from '../helpers/api'

const now = new Date()
beforeAll(async () => {
  await env.DB.batch(
    (await provinceStatements(demoProvince(now), now.toISOString())).map((s) => env.DB.prepare(s))
  )
  await api.post(
    `/api/v1/certificates/${(await api.get('/api/v1/certificates?status=active&limit=1')).body.items[0].id}/revoke`,
    { reasonCode: 1 }
  )
})

const everything = async (db: D1Database, table: string) =>
  (await db.prepare(`SELECT * FROM ${table} ORDER BY ${KEYED[table]?.join(', ') ?? 'rowid'}`).all())
    .results

describe('backups and restore', () => {
  it('backs up every table to R2 with a manifest, and restores it into a fresh D1 identically', async () => {
    const backup = await runBackup(env, now)
    const manifest = await (await env.BACKUPS.get(`${backup.prefix}manifest.json`))!.json<any>()
    expect(manifest.migration).toBe(env.TEST_MIGRATIONS.at(-1)!.name)
    expect(manifest.tables.certificates.rows).toBe(
      (await env.DB.prepare('SELECT count(*) AS n FROM certificates').first<{ n: number }>())!.n
    )
    expect(manifest.tables.certificates.parts[0].sha256).toMatch(/^[0-9a-f]{64}$/)

    const counts = await restoreBackup(
      env.BACKUPS,
      backup.prefix,
      env.RESTORE_DB,
      (await auditKeys(env)).keys
    )
    for (const table of BACKUP_TABLES) {
      // The backup's own audit entry is written after the tables were read: compare what was backed up.
      const original = (await everything(env.DB, table)).slice(0, counts[table])
      expect(await everything(env.RESTORE_DB, table), table).toEqual(original)
    }
    // The search index is rebuilt by the triggers as rows come back.
    const found = await env.RESTORE_DB.prepare(
      "SELECT count(*) AS n FROM certificate_search WHERE certificate_search MATCH 'nguyen*'"
    ).first<{ n: number }>()
    expect(found!.n).toBeGreaterThan(0)
    expect((await (await SELF.fetch('http://x/health')).json()) as any).toMatchObject({
      lastBackup: now.toISOString(),
    })
  })

  it('refuses to restore into a database that is not empty, or a damaged backup', async () => {
    const backup = await runBackup(env, new Date(now.getTime() + 1000))
    await expect(
      restoreBackup(env.BACKUPS, backup.prefix, env.DB, (await auditKeys(env)).keys)
    ).rejects.toThrow(/not empty/)
    const key = backup.tables.holders.parts[0].key
    await env.BACKUPS.put(key, `${await (await env.BACKUPS.get(key))!.text()}\n{}`)
    const fresh = env.RESTORE_DB
    await expect(
      restoreBackup(env.BACKUPS, backup.prefix, fresh, (await auditKeys(env)).keys)
    ).rejects.toThrow(/not empty|SHA-256/)
  })

  it('refuses a backup whose manifest was changed, even with matching part hashes', async () => {
    const backup = await runBackup(env, new Date(now.getTime() + 2000))
    const key = backup.tables.holders.parts[0].key
    const forged = (await (await env.BACKUPS.get(key))!.text()).replace(
      /"full_name":"[^"]*"/,
      '"full_name":"Kẻ Mạo Danh"'
    )
    await env.BACKUPS.put(key, forged)
    const manifestKey = `${backup.prefix}manifest.json`
    const manifest = await (await env.BACKUPS.get(manifestKey))!.json<any>()
    manifest.tables.holders.parts[0].sha256 = [
      ...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(forged))),
    ]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')
    await env.BACKUPS.put(manifestKey, JSON.stringify(manifest))
    const holders = () =>
      env.RESTORE_DB.prepare('SELECT count(*) AS n FROM holders').first<{ n: number }>()
    const before = await holders()
    await expect(
      restoreBackup(env.BACKUPS, backup.prefix, env.RESTORE_DB, (await auditKeys(env)).keys)
    ).rejects.toThrow(/not signed with an audit key/)
    expect(await holders()).toEqual(before) // nothing written
  })

  it('keeps 90 days of backups', async () => {
    await env.BACKUPS.put('backups/2020-01-01/manifest.json', '{}')
    await env.BACKUPS.put('backups/2020-01-01/agencies/00000.ndjson', '')
    await pruneBackups(env.BACKUPS, now)
    expect((await env.BACKUPS.list({ prefix: 'backups/2020-01-01/' })).objects).toEqual([])
    expect(
      (await env.BACKUPS.list({ prefix: `backups/${now.toISOString().slice(0, 10)}/` })).objects
        .length
    ).toBeGreaterThan(0)
  })
})
