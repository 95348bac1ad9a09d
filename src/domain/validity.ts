import { Problem } from '../lib/problem'
import { addYears, vnDate } from '../lib/time'
import type { CertificateState } from './lifecycle'
import { assertNotReplaced, assertNotRevoked } from './lifecycle'

/** Nghị định 68/2024: a new certificate is valid for at most 5 years. */
export const MAX_VALIDITY_YEARS = 5
/** Nghị định 68/2024: a renewal extends a certificate by at most 3 years. */
export const MAX_RENEWAL_YEARS = 3

const invalid = (path: string, message: string) =>
  new Problem(422, 'invalid-validity', `${path}: ${message}`, [{ path, message }])

/** Checks a validity period: notAfter after notBefore, and at most five years long. */
export function assertValidity(notBefore: string, notAfter: string): void {
  if (notAfter <= notBefore) throw invalid('notAfter', 'must be later than notBefore')
  const limit = addYears(new Date(notBefore), MAX_VALIDITY_YEARS).toISOString()
  if (notAfter > limit)
    throw invalid(
      'notAfter',
      `a certificate is valid for at most ${MAX_VALIDITY_YEARS} years (until ${vnDate(new Date(limit))})`
    )
}

/** What a renewal or re-issue proposes: the successor's holder, kind and validity. */
export interface Successor {
  kind: CertificateState['kind']
  holderId: string
  notBefore: string
  notAfter: string
}

/**
 * Checks that `next` may replace `old`: same holder and kind, `old` not already replaced, and
 * for a renewal `old` not revoked and the extension at most three years past old's notAfter.
 * A re-issue (after a change of details, a damaged or lost device) may replace a revoked one.
 */
export function assertReplacement(
  old: CertificateState,
  next: Successor,
  mode: 'renewal' | 'reissue'
): void {
  if (mode === 'renewal') assertNotRevoked(old, 'renewed')
  assertNotReplaced(old)
  if (next.holderId !== old.holderId)
    throw new Problem(
      409,
      'holder-mismatch',
      'A renewal or re-issue must be for the same holder as the certificate it replaces.',
      [
        {
          path: 'holderId',
          message: `must be ${old.holderId}, the holder of the replaced certificate`,
        },
      ]
    )
  if (next.kind !== old.kind)
    throw new Problem(
      409,
      'kind-mismatch',
      `A renewal or re-issue must be of the same kind (${old.kind}).`,
      [{ path: 'kind', message: `must be ${old.kind}` }]
    )
  assertValidity(next.notBefore, next.notAfter)
  if (mode !== 'renewal') return
  if (next.notAfter <= old.notAfter)
    throw invalid('notAfter', 'a renewal must end later than the certificate it renews')
  const limit = addYears(new Date(old.notAfter), MAX_RENEWAL_YEARS).toISOString()
  if (next.notAfter > limit)
    throw invalid(
      'notAfter',
      `a renewal extends a certificate by at most ${MAX_RENEWAL_YEARS} years (until ${vnDate(new Date(limit))})`
    )
}
