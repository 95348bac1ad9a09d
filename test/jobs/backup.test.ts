import { env, SELF } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoProvince } from '../../scripts/seed/demo-province'
import { provinceStatements } from '../../scripts/seed/sql'
import { BACKUP_TABLES, KEYED, pruneBackups, runBackup } from '../../src/jobs/backup'
import { restoreBackup, SELF_REFERENCES } from '../../src/jobs/restore'
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
  // References that point at much later rows: the first certificates renewed now (their
  // successors are the last rows), a commune created now taking in one of the first, and the
  // first department moved under a new one.
  const oldest = await env.DB.prepare(
    `SELECT c.id, c.issuer, c.subject, c.not_after FROM certificates c JOIN holders h ON h.id = c.holder_id
     JOIN agencies a ON a.id = c.agency_id
     WHERE c.revoked_at IS NULL AND c.replaced_by_id IS NULL AND c.not_after > ?1 AND c.not_before < ?1
       AND h.status = 'in_post' AND a.status = 'active'
     ORDER BY c.rowid LIMIT 3`
  )
    .bind(now.toISOString())
    .all<{ id: string; issuer: string; subject: string; not_after: string }>()
  for (const [i, old] of oldest.results.entries()) {
    const renewed = await api.post(`/api/v1/certificates/${old.id}/renew`, {
      serial: `B4C4${String(i).padStart(4, '0')}`,
      issuer: old.issuer,
      subject: old.subject,
      notBefore: now.toISOString(),
      notAfter: new Date(Date.parse(old.not_after) + 700 * 86_400_000).toISOString(),
    })
    if (renewed.status !== 201) throw new Error(`renew: ${JSON.stringify(renewed.body)}`)
  }
  const province = (await api.get('/api/v1/agencies?kind=province&limit=1')).body.items[0]
  const communes = (await api.get(`/api/v1/agencies?kind=commune&limit=1`)).body.items
  const successor = await api.post('/api/v1/agencies', {
    code: 'XA.MOI',
    name: 'UBND xã Hợp Nhất',
    kind: 'commune',
    parentId: province.id,
  })
  const merged = await api.post(`/api/v1/agencies/${communes[0].id}/merge`, {
    successorId: successor.body.id,
  })
  if (merged.status !== 200) throw new Error(`merge: ${JSON.stringify(merged.body)}`)
  const dept = (await api.get('/api/v1/agencies?kind=department&limit=1')).body.items[0]
  const newParent = await api.post('/api/v1/agencies', {
    code: 'KHOI.MOI',
    name: 'Khối cơ quan mới',
    kind: 'other',
    parentId: province.id,
  })
  const moved = await api.patch(
    `/api/v1/agencies/${dept.id}`,
    { parentId: newParent.body.id },
    { 'if-match': `"v${dept.version}"` }
  )
  if (moved.status !== 200) throw new Error(`move: ${JSON.stringify(moved.body)}`)
})

const everything = async (db: D1Database, table: string) =>
  (await db.prepare(`SELECT * FROM ${table} ORDER BY ${KEYED[table]?.join(', ') ?? 'rowid'}`).all())
    .results

describe('backups and restore', () => {
  it('backs up every table to R2 with a manifest, and restores it into a fresh D1 identically, references to later rows included', async () => {
    const backup = await runBackup(env, now)
    // The data has what a plain restore in row order trips on.
    expect(
      (await env.DB.prepare(
        'SELECT count(*) AS n FROM certificates c JOIN certificates n ON n.id = c.replaced_by_id WHERE n.rowid > c.rowid + 1000'
      ).first<{ n: number }>())!.n
    ).toBeGreaterThanOrEqual(3)
    expect(
      (await env.DB.prepare(
        'SELECT count(*) AS n FROM agencies c JOIN agencies p ON p.id = coalesce(c.successor_id, c.parent_id) WHERE p.rowid > c.rowid'
      ).first<{ n: number }>())!.n
    ).toBeGreaterThanOrEqual(2)
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

  it('keeps 90 days of backups and 7 days of export files', async () => {
    const day = (ago: number) =>
      new Date(now.getTime() - ago * 86_400_000).toISOString().slice(0, 10)
    await env.BACKUPS.put('backups/2020-01-01/manifest.json', '{}')
    await env.BACKUPS.put('backups/2020-01-01/agencies/00000.ndjson', '')
    await env.BACKUPS.put(`exports/export-${day(8)}-1/00000.csv`, 'old')
    await env.BACKUPS.put(`exports/export-${day(6)}-2/00000.csv`, 'recent')
    await pruneBackups(env.BACKUPS, now)
    expect((await env.BACKUPS.list({ prefix: 'backups/2020-01-01/' })).objects).toEqual([])
    expect((await env.BACKUPS.list({ prefix: 'exports/' })).objects.map((o) => o.key)).toEqual([
      `exports/export-${day(6)}-2/00000.csv`,
    ])
    expect(
      (await env.BACKUPS.list({ prefix: `backups/${now.toISOString().slice(0, 10)}/` })).objects
        .length
    ).toBeGreaterThan(0)
  })

  it('restores each table after the tables it references, and knows every self reference', async () => {
    for (const [i, table] of BACKUP_TABLES.entries()) {
      const { results } = await env.DB.prepare(
        `SELECT * FROM pragma_foreign_key_list('${table}')`
      ).all<{
        table: string
        from: string
      }>()
      for (const fk of results) {
        if (fk.table === table)
          expect(
            Object.keys(SELF_REFERENCES[table]?.columns ?? {}),
            `${table}.${fk.from}`
          ).toContain(fk.from)
        else
          expect(BACKUP_TABLES.indexOf(fk.table as any), `${table} -> ${fk.table}`).toBeLessThan(i)
      }
    }
  })
})
