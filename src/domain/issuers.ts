import type { Refusal } from './refusal'
import { canonicalDn, dnKey } from '../lib/dn'

/** A registered issuing CA as the matching rule sees it: its name and the other names it goes by. */
export interface KnownIssuer {
  id: string
  dn: string
  aliases: readonly string[]
}

/**
 * The registered issuer a name means: the one whose distinguished name equals it under RFC 5280's
 * comparison, or one of whose aliases it is ("Ban Cơ yếu Chính phủ" for the Government CA).
 * Null when no registered issuer goes by that name.
 */
export function resolveIssuer<T extends KnownIssuer>(
  issuers: readonly T[],
  name: string
): T | null {
  const key = dnKey(name)
  return (
    issuers.find((i) => dnKey(i.dn) === key) ??
    issuers.find((i) => i.aliases.some((alias) => dnKey(alias) === key)) ??
    null
  )
}

/**
 * Names an issuer may not take: a DN or alias that already means another registered issuer
 * (one name must resolve to one CA), or the same name twice.
 */
export function namesRefusal(
  issuers: readonly KnownIssuer[],
  self: { id: string | null; dn: string; aliases: readonly string[] }
): Refusal | null {
  const others = issuers.filter((i) => i.id !== self.id)
  const taken = [self.dn, ...self.aliases].find((name) => resolveIssuer(others, name) !== null)
  if (taken === undefined) return null
  return {
    status: 409,
    code: 'issuer-name-taken',
    field: taken === self.dn ? 'dn' : 'aliases',
    params: { name: taken, issuer: resolveIssuer(others, taken)!.dn },
  }
}

/** The issuer name a certificate is recorded under: the registered issuer's own, when it has one. */
export const recordedIssuer = (issuers: readonly KnownIssuer[], name: string) =>
  resolveIssuer(issuers, name)?.dn ?? canonicalDn(name)

/**
 * A serial is never registered twice because of spelling: a certificate may share its serial with
 * one of another issuer only when both issuers are registered CAs (two CAs may well use one
 * serial). Otherwise the other name is likely this CA written differently: register it as an alias.
 */
export function serialClashRefusal(
  issuers: readonly KnownIssuer[],
  serial: string,
  issuer: string,
  issuersOfSerial: readonly string[],
  field = 'issuer'
): Refusal | null {
  const mine = resolveIssuer(issuers, issuer)
  const clash = issuersOfSerial.find((other) => {
    if (other === issuer) return false
    const theirs = resolveIssuer(issuers, other)
    return !mine || !theirs || theirs.id === mine.id
  })
  if (clash === undefined) return null
  return {
    status: 409,
    code: 'serial-under-other-issuer',
    field,
    params: { serial, issuer: clash },
  }
}
