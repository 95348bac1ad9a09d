import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { api, call, count } from '../helpers/api'
import { given } from '../helpers/given'

describe('the audit log', () => {
  // First: a later test drops a guard to play the tamperer (storage is per file, not per test).
  it('cannot be changed through the database guards or any route', async () => {
    await given.agency()
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/)
    await expect(env.DB.prepare("UPDATE audit_log SET principal = 'x'").run()).rejects.toThrow(
      /append-only/
    )
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'])
      expect((await call(method, '/api/v1/audit', {})).status).toBe(404)
  })
  it('records every change with who, what, when and the request id, filterable', async () => {
    const { holder, certificate } = await given.person()
    const revoked = await api.post(
      `/api/v1/certificates/${certificate.id}/revoke`,
      { reasonCode: 3 },
      { 'x-request-id': 'req-revoke-1' }
    )
    const byRecord = await api.get(`/api/v1/audit?entity=certificate&entityId=${certificate.id}`)
    expect(byRecord.body.items.map((e: any) => e.action)).toEqual([
      'certificate.revoke',
      'certificate.create',
    ])
    expect(byRecord.body.items[0]).toMatchObject({
      principal: 'local-admin',
      // The registry's own id: a caller's header never enters the log.
      requestId: revoked.headers.get('x-request-id'),
      before: { revokedAt: null },
      after: { reasonCode: 3 },
    })
    const byAction = await api.get('/api/v1/audit?action=holder.create')
    expect(byAction.body.items.map((e: any) => e.entityId)).toContain(holder.id)
    const future = await api.get(
      `/api/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`
    )
    expect(future.body.items).toEqual([])
    const page = await api.get('/api/v1/audit?limit=2')
    const next = await api.get(`/api/v1/audit?limit=2&cursor=${page.body.nextCursor}`)
    expect(next.body.items[0].seq).toBe(page.body.items[1].seq - 1)
    expect((await api.get('/api/v1/audit?cursor=abc')).status).toBe(400)
  })

  it('verifies the hash chain, also after many concurrent writers', async () => {
    const agency = await given.agency()
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => given.holder(agency.id, { fullName: `Người ${i}` }))
    )
    expect(created).toHaveLength(12)
    const verdict = await api.get('/api/v1/audit/verify')
    expect(verdict.body).toMatchObject({ ok: true, problem: null })
    expect(verdict.body.checked).toBe(await count('audit_log'))
    const seqs = (
      await env.DB.prepare('SELECT seq FROM audit_log ORDER BY seq').all<{ seq: number }>()
    ).results.map((r) => r.seq)
    expect(seqs).toEqual(seqs.map((_, i) => i + 1)) // no gaps, no duplicates
  })

  it('names the first entry that was tampered with directly in D1', async () => {
    const { certificate } = await given.person()
    await api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode: 1 })
    const target = await env.DB.prepare(
      "SELECT seq FROM audit_log WHERE action = 'certificate.revoke'"
    ).first<{ seq: number }>()
    // Someone with direct database access drops the guard and rewrites history.
    await env.DB.prepare('DROP TRIGGER audit_log_no_update').run()
    await env.DB.prepare(
      "UPDATE audit_log SET after = json_set(after, '$.reasonCode', 4) WHERE seq = ?1"
    )
      .bind(target!.seq)
      .run()
    const verdict = await api.get('/api/v1/audit/verify')
    expect(verdict.body).toMatchObject({
      ok: false,
      problem: { seq: target!.seq, reason: 'content-mismatch' },
    })
  })
})
