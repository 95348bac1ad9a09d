import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { api, call } from '../helpers/api'
import { accessWorld } from '../helpers/principals'

const CCCD = ['001203004589', '079200001234']
let w: Awaited<ReturnType<typeof accessWorld>>
const logged: string[] = []

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation(
      (...args: unknown[]) => void logged.push(args.map(String).join(' '))
    )
  w = await accessWorld()
})
afterAll(() => vi.restoreAllMocks())

describe('personal data (Nghị định 13/2023)', () => {
  it('shows CCCD and phone whole to the department and masked to everyone else', async () => {
    const path = `/api/v1/holders/${w.inA.holder.id}`
    expect((await api.get(path)).body).toMatchObject({
      nationalId: '001203004589',
      phone: '0912345678',
    })
    for (const key of [w.keys.auditor, w.keys.officerA, w.keys.officerP]) {
      const res = await call('GET', path, undefined, {}, key.secret)
      expect(res.body).toMatchObject({ nationalId: '0012******89', phone: '0912****78' })
    }
  })

  it('never puts a whole CCCD in a non-admin answer, an error, the audit log or a log line', async () => {
    const bodies: string[] = []
    for (const key of [w.keys.auditor, w.keys.officerA, w.keys.officerP, null]) {
      for (const path of [
        '/api/v1/holders?limit=200',
        `/api/v1/holders/${w.inB.holder.id}`,
        `/api/v1/certificates/${w.inA.certificate.id}`,
        '/api/v1/audit?limit=200',
        `/api/v1/holders?q=${CCCD[0]}`,
      ])
        bodies.push(
          JSON.stringify((await call('GET', path, undefined, {}, key?.secret ?? null)).body)
        )
    }
    // Refused writes that carry a CCCD: the error must not echo it.
    bodies.push(
      JSON.stringify(
        (
          await api.post('/api/v1/holders', {
            kind: 'person',
            fullName: 'X',
            agencyId: w.agencies.a1.id,
            nationalId: CCCD[0],
          })
        ).body
      )
    )
    bodies.push(
      JSON.stringify(
        (
          await api.post('/api/v1/holders', {
            kind: 'organisation',
            fullName: 'X',
            agencyId: w.agencies.a1.id,
            nationalId: CCCD[1],
          })
        ).body
      )
    )
    bodies.push(
      JSON.stringify(
        (await api.patch(`/api/v1/holders/${w.inA.holder.id}`, { nationalId: `${CCCD[0]}9` })).body
      )
    )
    bodies.push(JSON.stringify((await api.get('/api/v1/audit?limit=200')).body))
    for (const cccd of CCCD) {
      expect(bodies.filter((b) => b.includes(cccd))).toEqual([])
      expect(logged.filter((line) => line.includes(cccd))).toEqual([])
    }
  })
})
