import type { IssuerState, Listed } from '../domain/ca-word'
import { SERIAL_CHUNK } from './status'

interface IssuerStateRow {
  id: string
  name: string
  dn: string
  aliases: string
  crl_this_update: string | null
  crl_next_update: string | null
  keys: string
}

/**
 * Every registered issuer with the freshness of its CRLs and its keys (each with what its own
 * issuer's CRL says of it). Issuers are few; a status answer reads them all, in the same batch as
 * the certificate, and never from a cache: a CA's revocation shows on the next answer.
 */
export const ISSUER_STATES_SQL = `SELECT i.id, i.name, i.dn, i.aliases, i.crl_this_update, i.crl_next_update,
       (SELECT json_group_array(json_object('notBefore', k.not_before, 'notAfter', k.not_after,
          'revokedAt', r.revoked_at, 'reasonCode', r.reason_code))
        FROM issuer_keys k
        LEFT JOIN issuers p ON p.dn_key = k.parent_key
        LEFT JOIN ca_revocations r ON r.issuer_id = p.id AND r.serial = k.serial
        WHERE k.issuer_id = i.id) AS keys
     FROM issuers i`

export const toIssuerState = (r: IssuerStateRow): IssuerState => ({
  id: r.id,
  name: r.name,
  dn: r.dn,
  aliases: JSON.parse(r.aliases),
  crlThisUpdate: r.crl_this_update,
  crlNextUpdate: r.crl_next_update,
  keys: JSON.parse(r.keys),
})

export async function issuerStates(db: D1Database) {
  const { results } = await db.prepare(ISSUER_STATES_SQL).all<IssuerStateRow>()
  return results.map(toIssuerState)
}

/** The statement reading what the CA's CRLs say of `n` (issuer, serial) pairs, by primary key. */
export const listedSql = (n: number) =>
  `SELECT issuer_id, serial, revoked_at, reason_code, invalidity_date FROM ca_revocations
   WHERE (issuer_id, serial) IN (VALUES ${Array.from({ length: n }, (_, j) => `(?${2 * j + 1}, ?${2 * j + 2})`).join(', ')})`

/** What the CA's CRLs say of these serials of these issuers (serials the registry may not hold). */
export async function listedOf(db: D1Database, asked: { issuerId: string; serial: string }[]) {
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < asked.length; i += SERIAL_CHUNK / 2) {
    const chunk = asked.slice(i, i + SERIAL_CHUNK / 2)
    statements.push(
      db.prepare(listedSql(chunk.length)).bind(...chunk.flatMap((a) => [a.issuerId, a.serial]))
    )
  }
  if (!statements.length) return new Map<string, Listed>()
  const rows = (
    await db.batch<{
      issuer_id: string
      serial: string
      revoked_at: string
      reason_code: number
      invalidity_date: string | null
    }>(statements)
  ).flatMap((r) => r.results)
  return new Map(
    rows.map((r) => [
      `${r.issuer_id} ${r.serial}`,
      { revokedAt: r.revoked_at, reasonCode: r.reason_code, invalidityDate: r.invalidity_date },
    ])
  )
}
