import { api, call } from './api'
import { given } from './given'

/** An API key made through the API; answers its secret and id. */
export async function newKey(role: 'admin' | 'officer' | 'auditor', agencyId?: string) {
  const res = await api.post('/api/v1/keys', {
    name: `${role} ${agencyId ?? ''}`.trim(),
    role,
    agencyId,
  })
  if (res.status !== 201) throw new Error(`key: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { id: string; secret: string }
}

/**
 * A small province for access tests: P with child A (and A's unit A1), and a sibling B; a
 * person with a CCCD, a certificate and a device in A1 and in B; and a key for every role.
 */
export async function accessWorld() {
  const p = await given.agency({ kind: 'province', name: 'UBND tỉnh' })
  const a = await given.agency({ parentId: p.id, name: 'Sở Y tế' })
  const a1 = await given.agency({ parentId: a.id, kind: 'unit', name: 'Phòng Nghiệp vụ Y' })
  const b = await given.agency({ parentId: p.id, name: 'Sở Tư pháp' })
  const make = async (agencyId: string, nationalId: string) => {
    const holder = await given.holder(agencyId, { nationalId, phone: '0912345678' })
    const device = await given.device(agencyId)
    const certificate = await given.certificate(holder.id, { deviceId: device.id })
    return { holder, device, certificate }
  }
  const inA = await make(a1.id, '001203004589')
  const inB = await make(b.id, '079200001234')
  const revoked = await newKey('admin')
  await call('DELETE', `/api/v1/keys/${revoked.id}`)
  return {
    agencies: { p, a, a1, b },
    inA,
    inB,
    keys: {
      admin: await newKey('admin'),
      auditor: await newKey('auditor'),
      officerA: await newKey('officer', a.id),
      officerP: await newKey('officer', p.id),
      revoked,
      /** For the one write test that revokes a key. */
      spare: await newKey('auditor'),
    },
  }
}
