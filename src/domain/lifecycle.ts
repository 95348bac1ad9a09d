import { Problem } from '../lib/problem'
import { vnDate, vnDayNumber } from '../lib/time'

/** A certificate as the domain rules see it (times as ISO-8601 UTC text). */
export interface CertificateState {
  id: string
  kind: 'personal' | 'organisation'
  holderId: string
  notBefore: string
  notAfter: string
  revokedAt: string | null
  replacedById: string | null
}

export type CertificateStatus = 'active' | 'expired' | 'revoked' | 'not_yet_valid'

/**
 * The status of a certificate at `now`. Expiry is derived from notAfter and the clock, never a
 * stored flag; a revocation counts from its own time on, so a certificate revoked later was
 * active before (what "was it valid when it signed?" needs).
 */
export function certificateStatus(cert: CertificateState, now: Date): CertificateStatus {
  const t = now.toISOString()
  if (cert.revokedAt !== null && cert.revokedAt <= t) return 'revoked'
  if (t < cert.notBefore) return 'not_yet_valid'
  if (t >= cert.notAfter) return 'expired'
  return 'active'
}

/**
 * Whole days from `now` to `notAfter`, counted on Vietnam calendar days: 0 on the day it expires,
 * negative after. A certificate expiring at 23:30 on the 31st (VN) has 1 day left on the 30th.
 */
export function daysLeft(notAfter: string, now: Date): number {
  return vnDayNumber(new Date(notAfter)) - vnDayNumber(now)
}

/** Refuses any change to a revoked certificate: revocation is final. */
export function assertNotRevoked(cert: CertificateState, action: string): void {
  if (cert.revokedAt === null) return
  throw new Problem(
    409,
    'certificate-revoked',
    `The certificate was revoked on ${vnDate(new Date(cert.revokedAt))} and cannot be ${action}.`
  )
}

/** Refuses to replace a certificate twice: a renewal chain is a line, never a tree. */
export function assertNotReplaced(cert: CertificateState): void {
  if (cert.replacedById === null) return
  throw new Problem(
    409,
    'certificate-replaced',
    `The certificate was already replaced by ${cert.replacedById}; renew that one instead.`
  )
}
