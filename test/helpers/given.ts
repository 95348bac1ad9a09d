import { api } from './api'

const DAY = 86_400_000
let n = 0
const unique = () => `${Date.now().toString(36)}${(++n).toString(36)}`.toUpperCase()
export const iso = (offsetDays: number, from = Date.now()) =>
  new Date(from + offsetDays * DAY).toISOString()

function created<T>(answer: { status: number; body: T }): T {
  if (answer.status !== 201)
    throw new Error(`setup failed: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** A fresh hex serial (even length, no leading zero byte). */
export const newSerial = () =>
  `5A${unique()
    .split('')
    .map((ch) => ch.charCodeAt(0).toString(16))
    .join('')
    .toUpperCase()}`

/** Builders that record through the API, so setup follows the same rules as the tests. */
export const given = {
  agency: (fields: Record<string, unknown> = {}) =>
    api
      .post('/api/v1/agencies', {
        code: `AG.${unique()}`,
        name: 'Sở Khoa học và Công nghệ',
        kind: 'department',
        ...fields,
      })
      .then(created<any>),

  holder: (agencyId: string, fields: Record<string, unknown> = {}) =>
    api
      .post('/api/v1/holders', { kind: 'person', fullName: 'Nguyễn Văn An', agencyId, ...fields })
      .then(created<any>),

  device: (agencyId: string, fields: Record<string, unknown> = {}) =>
    api
      .post('/api/v1/devices', {
        serial: `TK-${unique()}`,
        model: 'Bkav CA Token',
        kind: 'token',
        agencyId,
        ...fields,
      })
      .then(created<any>),

  certificate: (holderId: string, fields: Record<string, unknown> = {}) =>
    api
      .post('/api/v1/certificates', {
        kind: 'personal',
        serial: newSerial(),
        issuer: 'CN=CA phục vụ các cơ quan Nhà nước G2,O=Ban Cơ yếu Chính phủ,C=VN',
        subject: 'CN=Nguyễn Văn An,O=Sở Khoa học và Công nghệ,C=VN',
        holderId,
        notBefore: iso(-30),
        notAfter: iso(335),
        ...fields,
      })
      .then(created<any>),

  /** An agency with a person who holds one active certificate. */
  async person(fields: Record<string, unknown> = {}) {
    const agency = await given.agency()
    const holder = await given.holder(agency.id, fields)
    const certificate = await given.certificate(holder.id)
    return { agency, holder, certificate }
  },
}
