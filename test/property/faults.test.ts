import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { commit } from '../../src/db/batch'
import { insertAgency } from '../../src/db/agencies'
import { api, count, snapshot } from '../helpers/api'
import { given, iso, newSerial } from '../helpers/given'

describe('faults in the middle of a write, and races between writes', () => {
  it('a constraint violation in the last statement of a batch leaves none of the batch', async () => {
    const before = await snapshot()
    const agency = {
      id: 'agc_FAULT0000000000000000000001',
      code: 'FAULT.1',
      name: 'Phòng Lỗi',
      kind: 'unit' as const,
      parentId: null,
      emails: [],
      webhookUrl: null,
      status: 'active' as const,
      successorId: null,
      endedAt: null,
      reminderDays: null,
      version: 1,
      createdAt: iso(0),
      updatedAt: iso(0),
    }
    const broken = env.DB.prepare(
      "INSERT INTO holders (id, kind, full_name, name_key, national_id, agency_id, created_at, updated_at) VALUES ('hld_x', 'organisation', 'x', 'x', '001203004589', ?1, 'now', 'now')"
    ).bind(agency.id)
    await expect(commit(env.DB, [insertAgency(env.DB, agency), broken])).rejects.toThrow(
      /CHECK constraint failed/
    )
    expect(await snapshot()).toEqual(before)
    expect(await count('agencies', 'id = ?1', agency.id)).toBe(0)
  })

  it('renew and revoke at the same moment: exactly one wins, the other is refused, nothing is lost', async () => {
    for (let round = 0; round < 5; round++) {
      const { certificate } = await given.person()
      const [renew, revoke] = await Promise.all([
        api.post(`/api/v1/certificates/${certificate.id}/renew`, {
          serial: newSerial(),
          issuer: certificate.issuer,
          subject: certificate.subject,
          notBefore: iso(0),
          notAfter: iso(700),
        }),
        api.post(`/api/v1/certificates/${certificate.id}/revoke`, { reasonCode: 1 }),
      ])
      const after = (await api.get(`/api/v1/certificates/${certificate.id}`)).body
      const outcomes = [renew.status, revoke.status]
      expect(
        outcomes.filter((s) => s < 300).length,
        JSON.stringify(outcomes)
      ).toBeGreaterThanOrEqual(1)
      expect(
        outcomes.every((s) => s < 300 || s === 409 || s === 412),
        JSON.stringify(outcomes)
      ).toBe(true)
      // Whatever won is what is stored, and each success is in the audit log once.
      if (renew.status === 201) expect(after.replacedById).toBe(renew.body.id)
      else expect(after.replacedById).toBeNull()
      if (revoke.status === 200) expect(after.status).toBe('revoked')
      else expect(after.revokedAt).toBeNull()
      expect(
        await count(
          'audit_log',
          "entity_id = ?1 AND action IN ('certificate.renew', 'certificate.revoke')",
          certificate.id
        )
      ).toBe(outcomes.filter((s) => s < 300).length)
    }
  })
})
