import { beforeAll, describe, expect, it } from 'vitest'
import { call, snapshot } from '../helpers/api'
import { accessWorld } from '../helpers/principals'

type World = Awaited<ReturnType<typeof accessWorld>>
let w: World
beforeAll(async () => {
  w = await accessWorld()
})

type Who =
  'nobody' | 'bad key' | 'revoked key' | 'officer A' | "officer A's parent" | 'auditor' | 'admin'
const WHO: Who[] = [
  'nobody',
  'bad key',
  'revoked key',
  'officer A',
  "officer A's parent",
  'auditor',
  'admin',
]
const tokenOf = (who: Who): string | null =>
  ({
    nobody: null,
    'bad key': 'crk_not-a-real-key',
    'revoked key': w.keys.revoked.secret,
    'officer A': w.keys.officerA.secret,
    "officer A's parent": w.keys.officerP.secret,
    auditor: w.keys.auditor.secret,
    admin: w.keys.admin.secret,
  })[who]

/** 'r' = a record inside A's subtree, 'o' = one outside it (in B). */
const reads: [string, (w: World) => string, 'in' | 'out' | 'all'][] = [
  ['agency', (w) => `/api/v1/agencies/${w.agencies.a1.id}`, 'in'],
  ['agency', (w) => `/api/v1/agencies/${w.agencies.b.id}`, 'out'],
  ['holder', (w) => `/api/v1/holders/${w.inA.holder.id}`, 'in'],
  ['holder', (w) => `/api/v1/holders/${w.inB.holder.id}`, 'out'],
  ['certificate', (w) => `/api/v1/certificates/${w.inA.certificate.id}`, 'in'],
  ['certificate', (w) => `/api/v1/certificates/${w.inB.certificate.id}`, 'out'],
  ['device', (w) => `/api/v1/devices/${w.inA.device.id}`, 'in'],
  ['device', (w) => `/api/v1/devices/${w.inB.device.id}`, 'out'],
]

/** Expected status of reading one record, by who asks and where it lies. */
function readStatus(who: Who, where: 'in' | 'out' | 'all'): number {
  if (who === 'nobody') return 401
  if (who === 'bad key' || who === 'revoked key') return 401
  if (who === 'officer A' && where === 'out') return 404
  // A's parent is the province: it sees both A and B.
  return 200
}

const writes: [string, string, (w: World) => string][] = [
  ['POST', 'create agency', () => '/api/v1/agencies'],
  ['PATCH', 'change agency', (w) => `/api/v1/agencies/${w.agencies.a1.id}`],
  ['POST', 'create holder', () => '/api/v1/holders'],
  ['PATCH', 'change holder', (w) => `/api/v1/holders/${w.inA.holder.id}`],
  ['POST', 'record certificate', () => '/api/v1/certificates'],
  ['PATCH', 'change certificate', (w) => `/api/v1/certificates/${w.inA.certificate.id}`],
  ['POST', 'revoke', (w) => `/api/v1/certificates/${w.inA.certificate.id}/revoke`],
  ['POST', 'renew', (w) => `/api/v1/certificates/${w.inA.certificate.id}/renew`],
  ['POST', 'create device', () => '/api/v1/devices'],
  ['PATCH', 'change device', (w) => `/api/v1/devices/${w.inA.device.id}`],
  ['POST', 'assign', (w) => `/api/v1/devices/${w.inA.device.id}/assign`],
  ['POST', 'return', (w) => `/api/v1/devices/${w.inA.device.id}/return`],
  ['POST', 'report lost', (w) => `/api/v1/devices/${w.inA.device.id}/report-lost`],
  ['POST', 'create key', () => '/api/v1/keys'],
  ['DELETE', 'revoke key', (w) => `/api/v1/keys/${w.keys.spare.id}`],
  ['POST', 'create user', () => '/api/v1/users'],
]

/** A body that fails validation: an admin passes the role check and gets 422, nothing changes. */
const INVALID = { unknownField: true }

describe('the role matrix: every route, every kind of caller', () => {
  it.each(WHO)(
    'reads one record as %s: 200 inside the scope, 404 outside it, 401 without valid credentials',
    async (who) => {
      for (const [entity, path, where] of reads) {
        const res = await call('GET', path(w), undefined, {}, tokenOf(who))
        expect(res.status, `${who} GET ${entity} (${where})`).toBe(readStatus(who, where))
        if (res.status === 404) expect(res.body.code).toBe(`${entity}-not-found`)
      }
    }
  )

  it.each(WHO)('lists as %s: never a row outside the scope', async (who) => {
    const inScope = (agencyId: string) =>
      who === 'officer A' ? [w.agencies.a.id, w.agencies.a1.id].includes(agencyId) : true
    for (const [path, agencyOf] of [
      ['/api/v1/agencies?limit=200', (x: any) => x.id],
      ['/api/v1/holders?limit=200', (x: any) => x.agencyId],
      ['/api/v1/certificates?limit=200', (x: any) => x.agencyId],
      ['/api/v1/devices?limit=200', (x: any) => x.agencyId],
    ] as const) {
      const res = await call('GET', path, undefined, {}, tokenOf(who))
      if (['nobody', 'bad key', 'revoked key'].includes(who)) {
        expect(res.status).toBe(401)
        continue
      }
      expect(res.status, `${who} ${path}`).toBe(200)
      expect(res.body.items.length, `${who} ${path}`).toBeGreaterThan(0)
      expect(
        res.body.items.filter((x: any) => !inScope(agencyOf(x))),
        `${who} ${path}`
      ).toEqual([])
    }
    // A filter naming an agency outside the scope finds nothing, rather than leaking it.
    if (who === 'officer A') {
      const res = await call(
        'GET',
        `/api/v1/certificates?agencyId=${w.agencies.b.id}`,
        undefined,
        {},
        tokenOf(who)
      )
      expect(res.body.items).toEqual([])
    }
  })

  it.each(WHO)(
    'writes as %s: only the admin gets past the role check, and nothing changes',
    async (who) => {
      const before = await snapshot()
      for (const [method, name, path] of writes) {
        const res = await call(
          method,
          path(w),
          method === 'DELETE' ? undefined : INVALID,
          {},
          tokenOf(who)
        )
        const expected = ['nobody', 'bad key', 'revoked key'].includes(who)
          ? 401
          : who === 'admin'
            ? method === 'DELETE'
              ? 200
              : 422
            : 403
        expect(res.status, `${who}: ${name}`).toBe(expected)
        if (who === 'admin' && method === 'DELETE') break // the last check that changes something
      }
      if (who !== 'admin') expect(await snapshot()).toEqual(before)
    }
  )

  it.each(WHO)('the audit log as %s: the department and auditors only', async (who) => {
    const expected = ['nobody', 'bad key', 'revoked key'].includes(who)
      ? 401
      : ['admin', 'auditor'].includes(who)
        ? 200
        : 403
    expect((await call('GET', '/api/v1/audit', undefined, {}, tokenOf(who))).status).toBe(expected)
    expect((await call('GET', '/api/v1/audit/verify', undefined, {}, tokenOf(who))).status).toBe(
      expected
    )
    expect((await call('GET', '/api/v1/keys', undefined, {}, tokenOf(who))).status).toBe(
      expected === 200 && who === 'auditor' ? 403 : expected
    )
  })

  it.each(WHO)(
    'the public routes as %s: health and the API description need no credentials',
    async (who) => {
      const expected = ['bad key', 'revoked key'].includes(who) ? 401 : 200
      expect((await call('GET', '/health', undefined, {}, tokenOf(who))).status).toBe(expected)
      expect((await call('GET', '/openapi.json', undefined, {}, tokenOf(who))).status).toBe(
        expected
      )
    }
  )
})
