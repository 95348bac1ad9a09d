import type { CertificateState } from './lifecycle'
import { certificateStatus } from './lifecycle'
import type { Refusal } from './refusal'

/**
 * A request (yêu cầu) under Nghị định 68/2024: the managing agency asks, the department checks it
 * and sends it to the CA, which answers within a few working days. Kinds: issue (cấp mới: Mẫu 01
 * for a person, 02 for an organisation, 03 for a device, service or software), renewal (gia hạn),
 * change of details (thay đổi nội dung thông tin), revocation (thu hồi) and device recovery
 * (khôi phục thiết bị lưu khóa bí mật). Pure: the states, who may move them, and the rules.
 */
export const REQUEST_KINDS = ['issue', 'renewal', 'change', 'revocation', 'recovery'] as const
export type RequestKind = (typeof REQUEST_KINDS)[number]

export const REQUEST_STATES = [
  'draft',
  'filed',
  'returned',
  'checked',
  'sent',
  'done',
  'refused',
  'cancelled',
] as const
export type RequestState = (typeof REQUEST_STATES)[number]

export const REQUEST_ACTIONS = [
  'file',
  'check',
  'return',
  'send',
  'done',
  'refuse',
  'cancel',
] as const
export type RequestAction = (typeof REQUEST_ACTIONS)[number]

/** Each action: the states it starts from, the state it leads to, and whether an agency may do it. */
export const TRANSITIONS: Record<
  RequestAction,
  { from: readonly RequestState[]; to: RequestState; agency: boolean }
> = {
  file: { from: ['draft', 'returned'], to: 'filed', agency: true },
  check: { from: ['filed'], to: 'checked', agency: false },
  return: { from: ['filed', 'checked'], to: 'returned', agency: false },
  send: { from: ['checked'], to: 'sent', agency: false },
  done: { from: ['sent'], to: 'done', agency: false },
  refuse: { from: ['sent'], to: 'refused', agency: false },
  cancel: { from: ['draft', 'filed', 'returned', 'checked'], to: 'cancelled', agency: true },
}

/** A request may be edited while it is the agency's to change. */
export const EDITABLE: readonly RequestState[] = ['draft', 'returned']

/** Working days the CA has to answer, by kind (ND 68: three), unless configured otherwise. */
export const DEFAULT_DUE_DAYS: Record<RequestKind, number> = {
  issue: 3,
  renewal: 3,
  change: 3,
  revocation: 3,
  recovery: 3,
}

/** Whether `action` may move a request in `state`, by an agency's officer or the department. */
export function transitionRefusal(
  state: RequestState,
  action: RequestAction,
  byAgency: boolean
): Refusal | null {
  const t = TRANSITIONS[action]
  if (byAgency && !t.agency)
    return { status: 409, code: 'request-department-only', params: { action } }
  if (!t.from.includes(state))
    return { status: 409, code: 'request-wrong-state', params: { state, action } }
  return null
}

/** What a request concerns, as its rules need it. */
export interface RequestItemFacts {
  holder?: { id: string; agencyId: string; status: string } | null
  device?: { id: string; status: string; holderId: string | null } | null
  certificate?: (CertificateState & { id: string; holderId: string; kind: string }) | null
}

/**
 * The rules of a request's content: what each kind needs, and that what it names can take it (a
 * renewal of a certificate that can still be renewed, a recovery of a device in someone's custody,
 * a revocation with its cause).
 */
export function contentRefusal(
  kind: RequestKind,
  fields: { certificateKind?: string | null; reasonCode?: number | null; cause?: string | null },
  items: RequestItemFacts[],
  now: Date
): Refusal | null {
  if (!items.length) return { status: 422, code: 'request-needs-items', field: 'items' }
  if (kind === 'issue' && !fields.certificateKind)
    return { status: 422, code: 'request-needs-certificate-kind', field: 'certificateKind' }
  if (kind === 'revocation' && (fields.reasonCode == null || !fields.cause))
    return { status: 422, code: 'revocation-needs-cause', field: 'reasonCode' }
  for (const [i, item] of items.entries()) {
    const at = `items.${i}`
    if (kind === 'recovery') {
      if (!item.device)
        return { status: 422, code: 'request-needs-device', field: `${at}.deviceId` }
      if (item.device.status !== 'assigned')
        return {
          status: 409,
          code: 'recovery-needs-custody',
          field: `${at}.deviceId`,
          params: { status: item.device.status },
        }
      continue
    }
    if (kind === 'issue') {
      if (!item.holder)
        return { status: 422, code: 'request-needs-holder', field: `${at}.holderId` }
      if (item.holder.status !== 'in_post')
        return { status: 409, code: 'holder-not-in-post', field: `${at}.holderId` }
      continue
    }
    // Renewal, change, revocation: of a certificate.
    const cert = item.certificate
    if (!cert)
      return { status: 422, code: 'request-needs-certificate', field: `${at}.certificateId` }
    const state = certificateStatus(cert, now)
    if (kind === 'renewal' && (cert.replacedById !== null || state !== 'active'))
      return {
        status: 409,
        code: 'renewal-needs-valid',
        field: `${at}.certificateId`,
        params: { serial: cert.serial, state: cert.replacedById ? 'replaced' : state },
      }
    if ((kind === 'change' || kind === 'revocation') && cert.revokedAt !== null)
      return {
        status: 409,
        code: 'revoked-is-final',
        field: `${at}.certificateId`,
        params: { serial: cert.serial, at: cert.revokedAt },
      }
  }
  return null
}

/**
 * Whether a request may be completed with `result`: the certificate it led to (an issue, a
 * renewal, a change) must be of a holder it names and of its kind; a revocation is done when the
 * certificate it names is revoked.
 */
export function completionRefusal(
  kind: RequestKind,
  certificateKind: string | null,
  items: RequestItemFacts[],
  result:
    | (CertificateState & { id: string; holderId: string; kind: string; replacesId: string | null })
    | null
): Refusal | null {
  if (kind === 'recovery') return null
  if (kind === 'revocation') {
    const pending = items.find((i) => i.certificate && i.certificate.revokedAt === null)
    return pending
      ? {
          status: 409,
          code: 'revocation-not-recorded',
          params: { serial: pending.certificate!.serial },
        }
      : null
  }
  if (!result) return { status: 422, code: 'request-needs-result', field: 'certificateId' }
  const holders = new Set(
    items.flatMap((i) => [i.holder?.id, i.certificate?.holderId]).filter(Boolean)
  )
  if (!holders.has(result.holderId))
    return { status: 409, code: 'result-other-holder', field: 'certificateId' }
  const expected =
    kind === 'issue' ? certificateKind : items.find((i) => i.certificate)?.certificate?.kind
  if (expected && result.kind !== expected)
    return {
      status: 409,
      code: 'result-other-kind',
      field: 'certificateId',
      params: { kind: expected },
    }
  if (kind !== 'issue' && !items.some((i) => i.certificate?.id === result.replacesId))
    return { status: 409, code: 'result-not-successor', field: 'certificateId' }
  return null
}
