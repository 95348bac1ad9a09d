import type { CrlFile } from '../lib/crl'
import type { Refusal } from './refusal'

/** What the CA's CRLs say now of one of its serials (reason 6: on hold). */
export interface CaRevocation {
  serial: string
  revokedAt: string
  reasonCode: number
  invalidityDate: string | null
  /** The signing key's series the entry came from (a complete CRL of that key releases its holds). */
  keyId: string | null
}

export const HOLD = 6
export const REMOVE_FROM_CRL = 8

/** What importing a CRL changes in the CA's word, per CA (an indirect CRL speaks of several). */
export interface CrlPlan {
  /** New or changed: revocations, holds, a hold made a revocation, a reason or date the CA changed. */
  upserts: (CaRevocation & { issuerId: string })[]
  /** Holds lifted: removeFromCRL in a delta, or no longer on a complete CRL of the same key. */
  releases: { issuerId: string; serial: string }[]
  /** Names of CAs an indirect CRL speaks of that the registry does not know. */
  unknownIssuers: string[]
}

const same = (a: CaRevocation, b: Omit<CaRevocation, 'keyId'>) =>
  a.revokedAt === b.revokedAt &&
  a.reasonCode === b.reasonCode &&
  a.invalidityDate === b.invalidityDate

/**
 * What a verified CRL changes, given what the CA said before (`current`, per issuer id and serial),
 * as RFC 5280 §5 and §6.3 read it:
 * - an entry revokes its certificate, with the reason and invalidity date as the CA wrote them;
 *   certificateHold (6) puts it on hold, and a later entry may make the hold a revocation;
 * - a revocation is final: no later CRL un-revokes it, puts it on hold or drops it (a CA removes
 *   expired certificates from its CRLs; they stay revoked);
 * - removeFromCRL (8) in a delta releases a hold; a hold that a later complete CRL of the same key
 *   no longer lists is released too;
 * - an indirect CRL's entries are about the CA its certificateIssuer names (`resolve` finds it).
 */
export function planCrl(
  file: Pick<CrlFile, 'issuer' | 'entries' | 'scope'>,
  crl: { issuerId: string; keyId: string | null },
  resolve: (name: string) => string | null,
  current: (issuerId: string, serial: string) => CaRevocation | undefined,
  heldBy: (issuerId: string) => Iterable<CaRevocation>
): CrlPlan {
  const plan: CrlPlan = { upserts: [], releases: [], unknownIssuers: [] }
  const listed = new Set<string>()
  const unknown = new Set<string>()
  for (const entry of file.entries) {
    const issuerId = entry.issuer === file.issuer ? crl.issuerId : resolve(entry.issuer)
    if (!issuerId) {
      unknown.add(entry.issuer)
      continue
    }
    if (issuerId === crl.issuerId) listed.add(entry.serial)
    const before = current(issuerId, entry.serial)
    const final = before !== undefined && before.reasonCode !== HOLD
    if (entry.reason === REMOVE_FROM_CRL) {
      if (before?.reasonCode === HOLD) plan.releases.push({ issuerId, serial: entry.serial })
      continue
    }
    if (final && entry.reason === HOLD) continue // never from revoked back to on hold
    const now = {
      serial: entry.serial,
      revokedAt: entry.revokedAt,
      reasonCode: entry.reason,
      invalidityDate: entry.invalidityDate,
      keyId: crl.keyId,
    }
    if (!before || !same(before, now)) plan.upserts.push({ ...now, issuerId })
  }
  if (file.scope === 'complete')
    for (const held of heldBy(crl.issuerId))
      if (held.reasonCode === HOLD && held.keyId === crl.keyId && !listed.has(held.serial))
        plan.releases.push({ issuerId: crl.issuerId, serial: held.serial })
  plan.unknownIssuers = [...unknown]
  return plan
}

/** The latest CRL of a series (an issuer's key), as the ordering rules need it. */
export interface HeldCrl {
  numberKey: string | null
  thisUpdate: string
  scope: 'complete' | 'partial' | 'delta'
}

/**
 * Whether a CRL may be applied after the ones already imported of the same issuer and key: never
 * one older than the newest complete CRL held (by CRL number, or by thisUpdate when unnumbered),
 * and a delta only on top of a complete CRL it names as its base (RFC 5280 §5.2.4), and not one
 * older than a delta already applied.
 */
export function crlOrderRefusal(
  file: { numberKey: string | null; thisUpdate: string; scope: string; baseKey: string | null },
  newestComplete: HeldCrl | null,
  newestDelta: HeldCrl | null,
  baseHeld: boolean
): Refusal | null {
  const older = (held: HeldCrl | null) =>
    held !== null &&
    (file.numberKey !== null && held.numberKey !== null
      ? held.numberKey >= file.numberKey
      : held.thisUpdate >= file.thisUpdate)
  const newest = [newestComplete, newestDelta].find(older) ?? null
  if (newest)
    return {
      status: 409,
      code: 'crl-older',
      field: 'file',
      params: { thisUpdate: newest.thisUpdate },
    }
  if (file.scope === 'delta' && !baseHeld)
    return { status: 422, code: 'crl-base-missing', field: 'file', params: { base: file.baseKey } }
  return null
}
