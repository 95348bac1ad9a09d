import type { CrlSummary } from '../../schemas/crl'
import type { CrlEntry } from '../lib/x509'
import { SERIAL_CHUNK } from './status'

interface CrlRow {
  id: string
  issuer_id: string
  number: string | null
  this_update: string
  next_update: string | null
  fingerprint: string
  entries: number
  newly_revoked: number
  imported_at: string
  imported_by: string
}
const toCrl = (r: CrlRow): CrlSummary => ({
  id: r.id,
  issuerId: r.issuer_id,
  number: r.number,
  thisUpdate: r.this_update,
  nextUpdate: r.next_update,
  fingerprint: r.fingerprint,
  entries: r.entries,
  newlyRevoked: r.newly_revoked,
  importedAt: r.imported_at,
  importedBy: r.imported_by,
})

/** The CRL imported with this fingerprint, or null. */
export async function findCrlByFingerprint(db: D1Database, fingerprint: string) {
  const row = await db
    .prepare('SELECT * FROM crls WHERE fingerprint = ?1')
    .bind(fingerprint)
    .first<CrlRow>()
  return row && toCrl(row)
}

/** Imported CRLs, newest first. */
export async function listCrls(db: D1Database, limit: number) {
  const { results } = await db
    .prepare('SELECT * FROM crls ORDER BY imported_at DESC LIMIT ?1')
    .bind(limit)
    .all<CrlRow>()
  return results.map(toCrl)
}

/** The registered certificates of an issuer among `serials` (chunked under D1's parameter limit). */
export async function registeredOf(db: D1Database, issuer: string, serials: string[]) {
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < serials.length; i += SERIAL_CHUNK) {
    const chunk = serials.slice(i, i + SERIAL_CHUNK)
    statements.push(
      db
        .prepare(
          `SELECT id, serial, revoked_at FROM certificates WHERE issuer = ?1 AND serial IN (${chunk.map((_, j) => `?${j + 2}`).join(', ')})`
        )
        .bind(issuer, ...chunk)
    )
  }
  if (!statements.length) return []
  const results = await db.batch<{ id: string; serial: string; revoked_at: string | null }>(
    statements
  )
  return results.flatMap((r) => r.results)
}

/** The statements that record a CRL and its entries (25 rows a statement: 4 parameters each). */
export function insertCrl(db: D1Database, crl: CrlSummary, entries: CrlEntry[]) {
  const statements = [
    db
      .prepare(
        `INSERT INTO crls (id, issuer_id, number, this_update, next_update, fingerprint, entries, newly_revoked, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`
      )
      .bind(
        crl.id,
        crl.issuerId,
        crl.number,
        crl.thisUpdate,
        crl.nextUpdate,
        crl.fingerprint,
        crl.entries,
        crl.newlyRevoked,
        crl.importedAt,
        crl.importedBy
      ),
  ]
  const unique = [...new Map(entries.map((e) => [e.serial, e])).values()]
  for (let i = 0; i < unique.length; i += 25) {
    const chunk = unique.slice(i, i + 25)
    statements.push(
      db
        .prepare(
          `INSERT INTO crl_entries (crl_id, serial, revoked_at, reason_code) VALUES ${chunk.map((_, j) => `(?${j * 4 + 1}, ?${j * 4 + 2}, ?${j * 4 + 3}, ?${j * 4 + 4})`).join(', ')}`
        )
        .bind(...chunk.flatMap((e) => [crl.id, e.serial, e.revokedAt, e.reason]))
    )
  }
  return statements
}

/**
 * Revokes, in one set-based statement, every registered certificate of the issuer that the CRL
 * lists and that is not revoked yet, with the CRL's time and the reason as the CA wrote it;
 * certificateHold (6) and removeFromCRL (8) are not revocations. Already revoked
 * certificates keep their revocation: a later CRL never un-revokes or re-dates anything.
 */
export const revokeListed = (
  db: D1Database,
  crlId: string,
  issuer: string,
  note: string,
  at: string
) =>
  db
    .prepare(
      `UPDATE certificates SET
         revoked_at = e.revoked_at,
         reason_code = e.reason_code, revocation_note = ?3, version = version + 1, updated_at = ?4
       FROM crl_entries e
       WHERE e.crl_id = ?1 AND e.reason_code NOT IN (6, 8) AND certificates.issuer = ?2 AND certificates.serial = e.serial
         AND certificates.revoked_at IS NULL`
    )
    .bind(crlId, issuer, note, at)
