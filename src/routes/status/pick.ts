import { resolveIssuer, type KnownIssuer } from '../../domain/issuers'
import type { StatusRecord } from '../../domain/status'
import { dnKey } from '../../lib/dn'
import { Problem } from '../../lib/problem'

/**
 * The record a status question is about: the one with the given issuer, or the only one with the
 * serial. When several issuers registered the serial and none was named, the caller must choose:
 * a 400 that names them. Null when the registry holds none (the answer is then "unknown").
 */
export function pickRecord(
  records: StatusRecord[],
  serial: string,
  issuer?: string,
  registered: readonly KnownIssuer[] = []
): StatusRecord | null {
  if (issuer) {
    // Names compared as RFC 5280 §7.1 compares them (case, spacing, attribute order), and a
    // registered issuer's other names (aliases) mean it.
    const keys = new Set([dnKey(issuer), dnKey(resolveIssuer(registered, issuer)?.dn ?? issuer)])
    return records.find((r) => r.serial === serial && keys.has(dnKey(r.issuer))) ?? null
  }
  const matching = records.filter((r) => r.serial === serial)
  if (matching.length <= 1) return matching[0] ?? null
  const issuers = matching.map((r) => r.issuer)
  throw new Problem(
    400,
    'issuer-required',
    { serial },
    [{ path: 'issuer', code: 'issuer-one-of', params: { issuers: issuers.join(' | ') } }],
    undefined,
    { issuers }
  )
}
