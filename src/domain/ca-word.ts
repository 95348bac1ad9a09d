import { resolveIssuer } from './issuers'

/** A registered issuer as a status answer sees it: the freshness of its CRLs, and its keys. */
export interface IssuerState {
  id: string
  name: string
  dn: string
  aliases: string[]
  crlThisUpdate: string | null
  crlNextUpdate: string | null
  /** Its CA certificates, each with its own issuer's CRL entry about it (null: not listed). */
  keys: {
    notBefore: string | null
    notAfter: string
    revokedAt: string | null
    reasonCode: number | null
  }[]
}

/** What a CA's CRL says of a serial (revoked, or on hold with reason 6). */
export interface Listed {
  revokedAt: string
  reasonCode: number
  invalidityDate: string | null
}

/** How current the CA's word is: its latest CRL, and whether its nextUpdate has passed. */
export interface Freshness {
  thisUpdate: string
  nextUpdate: string | null
  stale: boolean
}

/** A CRL without a nextUpdate (RFC 5280 asks for one) counts as stale a week after it was made. */
const NO_NEXT_UPDATE_MS = 7 * 86_400_000

/** The freshness of an issuer's CRLs at `now`; null when none was ever imported. */
export function freshness(
  issuer: Pick<IssuerState, 'crlThisUpdate' | 'crlNextUpdate'> | null,
  now: Date
): Freshness | null {
  if (!issuer?.crlThisUpdate) return null
  const due = issuer.crlNextUpdate
    ? Date.parse(issuer.crlNextUpdate)
    : Date.parse(issuer.crlThisUpdate) + NO_NEXT_UPDATE_MS
  return {
    thisUpdate: issuer.crlThisUpdate,
    nextUpdate: issuer.crlNextUpdate,
    stale: due < now.getTime(),
  }
}

/**
 * Whether the issuing CA itself is revoked for a certificate valid from `notBefore`: every key of
 * the issuer that could have issued it (valid at that moment; all of them when none was) is listed
 * on its own issuer's CRL. Answers the first such listing, or null.
 */
export function issuerRevocation(issuer: IssuerState | null, notBefore: string) {
  if (!issuer?.keys.length) return null
  const covering = issuer.keys.filter(
    (k) => (k.notBefore ?? '') <= notBefore && notBefore < k.notAfter
  )
  const candidates = covering.length ? covering : issuer.keys
  if (!candidates.every((k) => k.revokedAt !== null)) return null
  const first = [...candidates].sort((a, b) => a.revokedAt!.localeCompare(b.revokedAt!))[0]
  return { name: issuer.name, revokedAt: first.revokedAt!, reasonCode: first.reasonCode ?? 0 }
}

/**
 * Whether a timestamping authority's certificate can no longer vouch for a time it stamped at
 * `at`: its CA listed it from that moment or before, or at all for a compromised key (reason 1
 * or 2: whoever holds the key can stamp any time), or its CA itself is revoked.
 */
export function tsaRevoked(
  ca: { issuer: IssuerState | null; listed?: Listed | null },
  notBefore: string,
  at: string
): boolean {
  const listed = ca.listed
  if (listed) {
    const compromised = listed.reasonCode === 1 || listed.reasonCode === 2
    if (compromised || at >= (listed.invalidityDate ?? listed.revokedAt)) return true
  }
  return issuerRevocation(ca.issuer, notBefore) !== null
}

/** The registered issuer a certificate's issuer name means (its DN or an alias), or null. */
export const issuerOf = (issuers: readonly IssuerState[], name: string | null | undefined) =>
  name ? resolveIssuer(issuers, name) : null
