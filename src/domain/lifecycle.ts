import { addYears, vnDayEnd, vnDayNumber } from '../lib/time'
import type { Refusal } from './refusal'
import { SUPERSEDED } from './reasons'

export type CertificateKind = 'personal' | 'organisation' | 'device_service'
/** How a certificate came to replace another: ND 68's renewal, change of details, device re-issue. */
export type Replacement = 'renewal' | 'change' | 'device'

/** A certificate as the domain rules see it (times as ISO-8601 UTC text). */
export interface CertificateState {
  id: string
  kind: CertificateKind
  serial: string
  holderId: string
  notBefore: string
  notAfter: string
  revokedAt: string | null
  /** RFC 5280 invalidityDate: since when the key is known or suspected compromised. */
  invalidityDate: string | null
  replacedById: string | null
  /** The CA put it on hold (certificateHold) at this time: not valid while it lasts. */
  holdAt?: string | null
}

export type CertificateStatus = 'active' | 'expired' | 'revoked' | 'not_yet_valid' | 'on_hold'

/** Nghị định 68/2024: a new certificate is valid for at most 5 years. */
export const MAX_VALIDITY_YEARS = 5
/** Nghị định 68/2024: a renewal extends a certificate by at most 3 years. */
export const MAX_RENEWAL_YEARS = 3

/**
 * The moment a revoked certificate stops counting as valid: its invalidity date when the CA or
 * the department knows one (the key was compromised before the revocation was recorded), else
 * the revocation time. Null for a certificate that is not revoked.
 */
export const revokedFrom = (cert: Pick<CertificateState, 'revokedAt' | 'invalidityDate'>) =>
  cert.revokedAt === null ? null : (cert.invalidityDate ?? cert.revokedAt)

/**
 * The status of a certificate at `at`. Expiry is derived from notAfter and the clock, never a
 * stored flag; a revocation counts from its invalidity date or its own time on, so a certificate
 * revoked later was active before (what "was it valid when it signed?" needs).
 */
export function certificateStatus(cert: CertificateState, at: Date): CertificateStatus {
  const t = at.toISOString()
  const from = revokedFrom(cert)
  if (from !== null && from <= t) return 'revoked'
  if (t < cert.notBefore) return 'not_yet_valid'
  if (t >= cert.notAfter) return 'expired'
  if (cert.holdAt && cert.holdAt <= t) return 'on_hold'
  return 'active'
}

/**
 * Whole days from `now` to `notAfter`, counted on Vietnam calendar days: 0 on the day it expires,
 * negative after. A certificate expiring at 23:30 on the 31st (VN) has 1 day left on the 30th.
 */
export function daysLeft(notAfter: string, now: Date): number {
  return vnDayNumber(new Date(notAfter)) - vnDayNumber(now)
}

const invalid = (field: string, reason: string, params = {}): Refusal => ({
  status: 422,
  code: 'invalid-validity',
  field,
  reason,
  params,
})

/**
 * The latest end a period of `years` from `from` may have: any moment of the anniversary's Vietnam
 * day, since validity is written in dates ("from 18/07/2024 to 18/07/2029" is five years).
 */
const yearsFrom = (from: string, years: number) =>
  vnDayEnd(addYears(new Date(from), years)).toISOString()

/** A validity period: notAfter after notBefore, and at most five years long. */
export function validityRefusal(notBefore: string, notAfter: string): Refusal | null {
  if (notAfter <= notBefore) return invalid('notAfter', 'not-after-before-start')
  const limit = yearsFrom(notBefore, MAX_VALIDITY_YEARS)
  if (notAfter > limit)
    return invalid('notAfter', 'validity-too-long', { years: MAX_VALIDITY_YEARS, until: limit })
  return null
}

/** A revoked certificate's record is history: nothing but its note changes. */
export function revokedRefusal(cert: CertificateState): Refusal | null {
  if (cert.revokedAt === null) return null
  return {
    status: 409,
    code: 'revoked-is-final',
    params: { serial: cert.serial, at: cert.revokedAt },
  }
}

/**
 * A revocation as recorded: not of a certificate revoked already, at a time between the start
 * of its validity and now (the caller refuses the future), and with an invalidity date, if any,
 * between the start of validity and the revocation. A certificate that has not begun yet may be
 * revoked now: nothing was signed with it before, so nothing is back-dated.
 */
export function revocationRefusal(
  cert: CertificateState,
  revokedAt: string,
  invalidityDate: string | null,
  now: Date
): Refusal | null {
  if (cert.revokedAt !== null) return revokedRefusal(cert)
  const early = { notBefore: cert.notBefore }
  if (cert.notBefore > now.toISOString()) {
    if (invalidityDate !== null && invalidityDate > revokedAt)
      return {
        ...invalid('invalidityDate', 'invalidity-after-revocation'),
        code: 'invalid-revocation',
      }
    return null
  }
  if (revokedAt < cert.notBefore)
    return { ...invalid('revokedAt', 'revoked-before-valid', early), code: 'invalid-revocation' }
  if (invalidityDate !== null && invalidityDate > revokedAt)
    return {
      ...invalid('invalidityDate', 'invalidity-after-revocation'),
      code: 'invalid-revocation',
    }
  if (invalidityDate !== null && invalidityDate < cert.notBefore)
    return {
      ...invalid('invalidityDate', 'revoked-before-valid', early),
      code: 'invalid-revocation',
    }
  return null
}

/** What a renewal or re-issue proposes: the successor's holder, kind and validity. */
export interface Successor {
  kind: CertificateKind
  holderId: string
  notBefore: string
  notAfter: string
}

/**
 * Whether `next` may replace `old` in the given way. Every replacement needs the same holder and
 * kind and an old certificate not replaced yet. A renewal (gia hạn) is only for a certificate
 * still valid (or not yet begun), and extends it by at most three years; an expired or revoked
 * one needs a new issue (cấp mới). A change of details also needs a valid one; a device re-issue may
 * replace one already revoked (its device was lost), but not an expired one.
 */
export function replacementRefusal(
  old: CertificateState,
  next: Successor,
  how: Replacement,
  now: Date
): Refusal | null {
  if (old.replacedById !== null)
    return { status: 409, code: 'certificate-replaced', params: { serial: old.serial } }
  const state = certificateStatus(old, now)
  // Valid, or about to be (a successor that has not started yet); a device re-issue also
  // replaces one revoked because its device was lost.
  const usable =
    state === 'active' || state === 'not_yet_valid' || (how === 'device' && state === 'revoked')
  if (!usable || now.toISOString() >= old.notAfter)
    return {
      status: 409,
      code: how === 'renewal' ? 'renewal-needs-valid' : 'reissue-needs-valid',
      params: { serial: old.serial, state: now.toISOString() >= old.notAfter ? 'expired' : state },
    }
  if (next.holderId !== old.holderId)
    return { status: 409, code: 'holder-mismatch', field: 'holderId' }
  if (next.kind !== old.kind)
    return { status: 409, code: 'kind-mismatch', field: 'kind', params: { kind: old.kind } }
  const validity = validityRefusal(next.notBefore, next.notAfter)
  if (validity || how !== 'renewal') return validity
  if (next.notAfter <= old.notAfter) return invalid('notAfter', 'renewal-not-later')
  const limit = yearsFrom(old.notAfter, MAX_RENEWAL_YEARS)
  if (next.notAfter > limit)
    return invalid('notAfter', 'renewal-too-long', { years: MAX_RENEWAL_YEARS, until: limit })
  return null
}

/**
 * What happens to the replaced certificate. A renewal lets it run out. After a change of details
 * or a device re-issue it is revoked (4, superseded) from the successor's start of validity
 * (within the old one's validity, never in the future), unless it is revoked already.
 */
export function supersession(old: CertificateState, next: Successor, how: Replacement, now: Date) {
  if (how === 'renewal' || old.revokedAt !== null) return null
  const clamp = [next.notBefore, now.toISOString()].sort()[0]
  return { revokedAt: clamp < old.notBefore ? old.notBefore : clamp, reasonCode: SUPERSEDED }
}
