import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { entryHash } from '../../src/domain/audit-chain'
import { toEntry } from '../../src/db/audit'
import { writeAnchor } from '../../src/jobs/anchor'
import { ADMIN, api, fetchWorker } from '../helpers/api'
import { given } from '../helpers/given'

/**
 * Someone with SQL access to D1 (but neither the Worker's secrets nor write access to the anchors
 * in R2) tries to change history. Each case starts from a clean, anchored log: the guards are
 * dropped for the whole file, so its storage is the tamperer's alone.
 */
const sql = (text: string, ...values: unknown[]) =>
  env.DB.prepare(text)
    .bind(...values)
    .run()

async function anchoredLog() {
  await sql('DROP TRIGGER IF EXISTS audit_log_no_update')
  await sql('DROP TRIGGER IF EXISTS audit_log_no_delete')
  await sql('DELETE FROM audit_log')
  for (const o of (await env.BACKUPS.list({ prefix: 'anchors/' })).objects)
    await env.BACKUPS.delete(o.key)
  const { certificate } = await given.person()
  await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode: 1 })
  await writeAnchor(env, new Date())
  await given.agency() // entries after the anchor
  const verdict = await api.get('/api/v1/audit/verify')
  expect(verdict.body).toMatchObject({ ok: true, problem: null })
  return verdict.body as { anchor: { seq: number }; headSeq: number }
}

const rows = async () =>
  (await env.DB.prepare('SELECT * FROM audit_log ORDER BY seq').all<any>()).results

/** What an attacker without the key can do: hash entries from `seq` on again, plainly or with a key of their own. */
async function reforgeFrom(seq: number, key: { id: string; key: CryptoKey } | null) {
  let prev = (await rows()).find((r) => r.seq === seq - 1)?.hash ?? null
  for (const row of (await rows()).filter((r) => r.seq >= seq)) {
    const entry = { ...toEntry(row), prevHash: prev, keyId: key?.id ?? null }
    const hash = await entryHash(entry, key?.key ?? null)
    await sql(
      'UPDATE audit_log SET prev_hash = ?2, hash = ?3, key_id = ?4 WHERE seq = ?1',
      row.seq,
      prev,
      hash,
      entry.keyId
    )
    prev = hash
  }
}

const revocationSeq = async () =>
  (await rows()).find((r) => r.action === 'certificate.revoke')!.seq as number

describe('the audit log against a tamperer with SQL access', () => {
  beforeEach(async () => {
    await anchoredLog()
  })

  it('names a rewritten entry', async () => {
    const seq = await revocationSeq()
    await sql("UPDATE audit_log SET after = json_set(after, '$.reasonCode', 4) WHERE seq = ?1", seq)
    expect((await api.get('/api/v1/audit/verify?fromSeq=1')).body).toMatchObject({
      ok: false,
      problem: { seq, reason: 'content-mismatch' },
    })
  })

  it('names removed entries in the middle (a gap) and at the end (truncation below the anchor)', async () => {
    const seq = await revocationSeq()
    await sql('DELETE FROM audit_log WHERE seq = ?1', seq)
    expect((await api.get('/api/v1/audit/verify?fromSeq=1')).body.problem).toEqual({
      seq,
      reason: 'gap',
    })
    const { anchor } = await anchoredLog()
    await sql('DELETE FROM audit_log WHERE seq >= ?1', anchor.seq)
    const verdict = await api.get('/api/v1/audit/verify')
    expect(verdict.body).toMatchObject({
      ok: false,
      problem: { seq: anchor.seq, reason: 'truncated' },
    })
  })

  it('names a rewrite whose chain was computed again without the key: plainly, or with a key of its own', async () => {
    const seq = await revocationSeq()
    await sql("UPDATE audit_log SET after = json_set(after, '$.reasonCode', 4) WHERE seq = ?1", seq)
    await reforgeFrom(seq, null)
    expect((await api.get('/api/v1/audit/verify?fromSeq=1')).body.problem).toEqual({
      seq,
      reason: 'unkeyed',
    })
    const theirs = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode('a key the registry never had'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign']
    )
    await reforgeFrom(seq, { id: 'forged', key: theirs })
    expect((await api.get('/api/v1/audit/verify?fromSeq=1')).body.problem).toEqual({
      seq,
      reason: 'unknown-key',
    })
  })

  it('names a log whose newest entries were replaced by others after the anchor was taken', async () => {
    const { anchor } = await anchoredLog()
    // The anchored entry and everything after it removed, and new, honestly chained entries written.
    await sql('DELETE FROM audit_log WHERE seq >= ?1', anchor.seq)
    await given.agency()
    await given.agency()
    const verdict = await api.get('/api/v1/audit/verify')
    expect(verdict.body).toMatchObject({
      ok: false,
      problem: { seq: anchor.seq, reason: 'anchor-mismatch' },
    })
  })

  it('refuses an anchor whose signature does not verify', async () => {
    const { anchor } = await anchoredLog()
    const key = (await env.BACKUPS.list({ prefix: 'anchors/' })).objects.at(-1)!.key
    const stored = await (await env.BACKUPS.get(key))!.json<any>()
    await env.BACKUPS.put(key, JSON.stringify({ ...stored, hash: '0'.repeat(64) }))
    expect((await api.get('/api/v1/audit/verify')).body.problem).toEqual({
      seq: anchor.seq,
      reason: 'anchor-signature',
    })
  })

  it('verifies across a rotation of AUDIT_KEY while the old key is kept in AUDIT_KEYS_PREVIOUS, and not without it', async () => {
    const rotated = {
      AUDIT_KEY: 'the-new-audit-key-0123456789abcdef-rotated',
      AUDIT_KEYS_PREVIOUS: env.AUDIT_KEY,
    }
    const asRotated = (path: string, init: RequestInit = {}, overrides: Partial<Env> = rotated) =>
      fetchWorker(
        `http://registry.test${path}`,
        {
          ...init,
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        },
        overrides
      )
    const made = await asRotated('/api/v1/agencies', {
      method: 'POST',
      body: JSON.stringify({ code: 'SXD', name: 'Sở Xây dựng', kind: 'department' }),
    })
    expect(made.status).toBe(201)
    const keyIds = new Set((await rows()).map((r) => r.key_id))
    expect(keyIds.size).toBe(2) // entries of the old key, and of the new one
    const verified = await (await asRotated('/api/v1/audit/verify?fromSeq=1')).json<any>()
    expect(verified).toMatchObject({ ok: true, problem: null })
    const forgotten = await (
      await asRotated('/api/v1/audit/verify?fromSeq=1', {}, { AUDIT_KEY: rotated.AUDIT_KEY })
    ).json<any>()
    expect(forgotten.ok).toBe(false)
    expect(forgotten.problem.reason).toMatch(/unknown-key|anchor-signature/)
  })
})
