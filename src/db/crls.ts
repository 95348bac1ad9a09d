import type { CrlSummary, Issuer } from '../../schemas/crl'
import type { CrlEntry } from '../lib/x509'
import { SERIAL_CHUNK } from './status'

interface IssuerRow {
  id: string
  name: string
  dn: string
  certificate: string
  fingerprint: string
  not_after: string
  created_at: string
}
const toIssuer = (r: IssuerRow): Issuer & { certificate: string } => ({
  id: r.id,
  name: r.name,
  dn: r.dn,
  fingerprint: r.fingerprint,
  notAfter: r.not_after,
  createdAt: r.created_at,
  certificate: r.certificate,
})

/** The registered issuer with this canonical DN, with its certificate (PEM), or null. */
export async function findIssuerByDn(db: D1Database, dn: string) {
  const row = await db.prepare('SELECT * FROM issuers WHERE dn = ?1').bind(dn).first<IssuerRow>()
  return row && toIssuer(row)
}

/** Every registered issuer. */
export async function listIssuers(db: D1Database) {
  const { results } = await db.prepare('SELECT * FROM issuers ORDER BY name').all<IssuerRow>()
  return results.map(toIssuer).map(({ certificate: _, ...issuer }) => issuer)
}

/** Inserts an issuer. */
export const insertIssuer = (db: D1Database, i: Issuer, pem: string) =>
  db
    .prepare(
      'INSERT INTO issuers (id, name, dn, certificate, fingerprint, not_after, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)'
    )
    .bind(i.id, i.name, i.dn, pem, i.fingerprint, i.notAfter, i.createdAt)

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
 * lists and that is not revoked yet, with the CRL's time and reason. Reasons outside the ones
 * the registry uses (cACompromise, certificateHold, privilegeWithdrawn, aACompromise) become 0
 * with the CA's code in the note; removeFromCRL (8, delta CRLs) never revokes. Already revoked
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
         reason_code = CASE WHEN e.reason_code IN (0, 1, 3, 4, 5) THEN e.reason_code ELSE 0 END,
         revocation_note = CASE WHEN e.reason_code IN (0, 1, 3, 4, 5) THEN ?3 ELSE ?3 || ' (CRL reason ' || e.reason_code || ')' END,
         version = version + 1, updated_at = ?4
       FROM crl_entries e
       WHERE e.crl_id = ?1 AND e.reason_code <> 8 AND certificates.issuer = ?2 AND certificates.serial = e.serial
         AND certificates.revoked_at IS NULL`
    )
    .bind(crlId, issuer, note, at)
