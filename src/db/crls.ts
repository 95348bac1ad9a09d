import type { CrlSummary } from '../../schemas/crl'
import type { CaRevocation, HeldCrl } from '../domain/crl'

interface CrlRow {
  id: string
  issuer_id: string
  number: string | null
  this_update: string
  next_update: string | null
  fingerprint: string
  entries: number
  newly_revoked: number
  held: number
  released: number
  scope: CrlSummary['scope']
  delta_base: string | null
  indirect: number
  source: CrlSummary['source']
  key_id: string | null
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
  scope: r.scope,
  deltaBase: r.delta_base,
  indirect: r.indirect === 1,
  keyId: r.key_id,
  source: r.source,
  newlyRevoked: r.newly_revoked,
  held: r.held,
  released: r.released,
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

/** Imported CRLs, newest first (of one issuer, or all). */
export async function listCrls(db: D1Database, limit: number, issuerId?: string) {
  const { results } = await db
    .prepare(
      'SELECT * FROM crls WHERE ?2 IS NULL OR issuer_id = ?2 ORDER BY imported_at DESC LIMIT ?1'
    )
    .bind(limit, issuerId ?? null)
    .all<CrlRow>()
  return results.map(toCrl)
}

/**
 * The newest complete (or partial) CRL and the newest delta of an issuer's key series, and whether
 * a complete CRL with a number in [base, number) is held (a delta's base). CRLs imported before
 * keys were told apart (no key) count for every key.
 */
export async function seriesOf(
  db: D1Database,
  issuerId: string,
  keyId: string,
  deltaRange: { base: string; number: string } | null
) {
  const newest = (scope: string) =>
    db
      .prepare(
        `SELECT number_key AS numberKey, this_update AS thisUpdate, scope FROM crls
         WHERE issuer_id = ?1 AND (key_id = ?2 OR key_id IS NULL) AND ${scope}
         ORDER BY number_key DESC, this_update DESC LIMIT 1`
      )
      .bind(issuerId, keyId)
  const [complete, delta, base] = await db.batch<HeldCrl & { hit?: number }>([
    newest("scope <> 'delta'"),
    newest("scope = 'delta'"),
    db
      .prepare(
        `SELECT 1 AS hit FROM crls WHERE issuer_id = ?1 AND (key_id = ?2 OR key_id IS NULL) AND scope = 'complete'
         AND number_key >= ?3 AND number_key < ?4 LIMIT 1`
      )
      .bind(issuerId, keyId, deltaRange?.base ?? '', deltaRange?.number ?? ''),
  ])
  return {
    newestComplete: complete.results[0] ?? null,
    newestDelta: delta.results[0] ?? null,
    baseHeld: base.results.length > 0,
  }
}

interface RevocationRow {
  issuer_id: string
  serial: string
  revoked_at: string
  reason_code: number
  invalidity_date: string | null
  key_id: string | null
}
const toRevocation = (r: RevocationRow): CaRevocation => ({
  serial: r.serial,
  revokedAt: r.revoked_at,
  reasonCode: r.reason_code,
  invalidityDate: r.invalidity_date,
  keyId: r.key_id,
})

/** What the CA's CRLs said so far, of these issuers (a CA lists tens of thousands at most). */
export async function caRevocationsOf(db: D1Database, issuerIds: string[]) {
  const byIssuer = new Map<string, Map<string, CaRevocation>>(
    issuerIds.map((id) => [id, new Map()])
  )
  if (!issuerIds.length) return byIssuer
  const { results } = await db
    .prepare(`SELECT * FROM ca_revocations WHERE issuer_id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(issuerIds))
    .all<RevocationRow>()
  for (const r of results) byIssuer.get(r.issuer_id)!.set(r.serial, toRevocation(r))
  return byIssuer
}

/** Rows per statement when a list goes in as one JSON parameter (well under D1's 2 MB a value). */
const JSON_CHUNK = 5000

const chunks = <T>(items: T[]) => {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += JSON_CHUNK) out.push(items.slice(i, i + JSON_CHUNK))
  return out
}

/** The statement recording a CRL. */
export const insertCrl = (db: D1Database, crl: CrlSummary, numberKey: string | null) =>
  db
    .prepare(
      `INSERT INTO crls (id, issuer_id, number, number_key, this_update, next_update, fingerprint, entries,
         newly_revoked, held, released, scope, delta_base, indirect, key_id, source, imported_at, imported_by)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)`
    )
    .bind(
      crl.id,
      crl.issuerId,
      crl.number,
      numberKey,
      crl.thisUpdate,
      crl.nextUpdate,
      crl.fingerprint,
      crl.entries,
      crl.newlyRevoked,
      crl.held,
      crl.released,
      crl.scope,
      crl.deltaBase,
      crl.indirect ? 1 : 0,
      crl.keyId,
      crl.source,
      crl.importedAt,
      crl.importedBy
    )

/** The statements that write the CA's new word: upserted revocations and holds, released holds. */
export function writeCaRevocations(
  db: D1Database,
  crlId: string,
  upserts: (CaRevocation & { issuerId: string })[],
  releases: { issuerId: string; serial: string }[]
) {
  return [
    ...chunks(upserts).map((chunk) =>
      db
        .prepare(
          `INSERT INTO ca_revocations (issuer_id, serial, revoked_at, reason_code, invalidity_date, crl_id, key_id)
           SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, ?2, value ->> 5 FROM json_each(?1)
           WHERE true
           ON CONFLICT (issuer_id, serial) DO UPDATE SET revoked_at = excluded.revoked_at,
             reason_code = excluded.reason_code, invalidity_date = excluded.invalidity_date,
             crl_id = excluded.crl_id, key_id = excluded.key_id`
        )
        .bind(
          JSON.stringify(
            chunk.map((u) => [
              u.issuerId,
              u.serial,
              u.revokedAt,
              u.reasonCode,
              u.invalidityDate,
              u.keyId,
            ])
          ),
          crlId
        )
    ),
    ...chunks(releases).map((chunk) =>
      db
        .prepare(
          `DELETE FROM ca_revocations WHERE reason_code = 6 AND (issuer_id, serial) IN
             (SELECT value ->> 0, value ->> 1 FROM json_each(?1))`
        )
        .bind(JSON.stringify(chunk.map((r) => [r.issuerId, r.serial])))
    ),
  ]
}

/**
 * The statements that bring an issuer's registered certificates in line with the CA's new word:
 * revoked (with the CA's time, reason and invalidity date, and the CRL that said so) unless
 * already revoked here; on hold; a hold released. Set-based, through the (serial, issuer) index.
 */
export function applyToCertificates(
  db: D1Database,
  crlId: string,
  issuerDn: string,
  changes: {
    revoke: CaRevocation[]
    hold: CaRevocation[]
    release: string[]
  },
  note: string,
  at: string
) {
  return [
    ...chunks(changes.revoke).map((chunk) =>
      db
        .prepare(
          `UPDATE certificates SET revoked_at = e.value ->> 1, reason_code = e.value ->> 2,
             invalidity_date = coalesce(e.value ->> 3, certificates.invalidity_date), hold_at = NULL,
             revoked_by = ?2, revocation_note = ?4, version = version + 1, updated_at = ?5
           FROM json_each(?1) e
           WHERE certificates.issuer = ?3 AND certificates.serial = e.value ->> 0 AND certificates.revoked_at IS NULL`
        )
        .bind(
          JSON.stringify(chunk.map((r) => [r.serial, r.revokedAt, r.reasonCode, r.invalidityDate])),
          crlId,
          issuerDn,
          note,
          at
        )
    ),
    ...chunks(changes.hold).map((chunk) =>
      db
        .prepare(
          `UPDATE certificates SET hold_at = e.value ->> 1, version = version + 1, updated_at = ?3
           FROM json_each(?1) e
           WHERE certificates.issuer = ?2 AND certificates.serial = e.value ->> 0
             AND certificates.revoked_at IS NULL AND certificates.hold_at IS NULL`
        )
        .bind(JSON.stringify(chunk.map((r) => [r.serial, r.revokedAt])), issuerDn, at)
    ),
    ...chunks(changes.release).map((chunk) =>
      db
        .prepare(
          `UPDATE certificates SET hold_at = NULL, version = version + 1, updated_at = ?3
           WHERE issuer = ?2 AND serial IN (SELECT value FROM json_each(?1)) AND hold_at IS NOT NULL`
        )
        .bind(JSON.stringify(chunk), issuerDn, at)
    ),
  ]
}

/**
 * Moves the issuer's CRL state on, only if no other import did since it was read (`seq`): the
 * batch of a concurrent import of the same issuer then changes nothing. The freshness is the
 * newest thisUpdate (and its nextUpdate) the registry has of the CA.
 */
export const advanceIssuer = (
  db: D1Database,
  issuerId: string,
  seq: number,
  thisUpdate: string,
  nextUpdate: string | null
) =>
  db
    .prepare(
      `UPDATE issuers SET crl_seq = crl_seq + 1,
         crl_next_update = CASE WHEN crl_this_update IS NULL OR crl_this_update <= ?3 THEN ?4 ELSE crl_next_update END,
         crl_this_update = CASE WHEN crl_this_update IS NULL OR crl_this_update <= ?3 THEN ?3 ELSE crl_this_update END
       WHERE id = ?1 AND crl_seq = ?2`
    )
    .bind(issuerId, seq, thisUpdate, nextUpdate)

/** The registered certificates of an issuer among `serials`: id, serial, whether revoked. */
export async function registeredOf(db: D1Database, issuerDn: string, serials: string[]) {
  if (!serials.length) return []
  const rows = await db.batch<{
    id: string
    serial: string
    revoked_at: string | null
    hold_at: string | null
  }>(
    chunks(serials).map((chunk) =>
      db
        .prepare(
          `SELECT id, serial, revoked_at, hold_at FROM certificates
           WHERE issuer = ?1 AND serial IN (SELECT value FROM json_each(?2))`
        )
        .bind(issuerDn, JSON.stringify(chunk))
    )
  )
  return rows.flatMap((r) => r.results)
}
