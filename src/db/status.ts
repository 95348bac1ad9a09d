import type { StatusRecord } from '../domain/status'

/** D1 allows 100 bound parameters per statement: serial lists go in chunks below that. */
export const SERIAL_CHUNK = 90

interface Row {
  id: string
  kind: StatusRecord['kind']
  serial: string
  issuer: string
  subject: string
  fingerprint: string | null
  holder_id: string
  not_before: string
  not_after: string
  revoked_at: string | null
  invalidity_date: string | null
  hold_at: string | null
  reason_code: number | null
  replaced_by_id: string | null
  agency_name: string
  agency_code: string
  holder_name: string
  next_serial: string | null
  next_not_after: string | null
}

const select = `SELECT c.id, c.kind, c.serial, c.issuer, c.subject, c.fingerprint, c.holder_id, c.not_before, c.not_after, c.revoked_at, c.invalidity_date, c.hold_at,
    c.reason_code, c.replaced_by_id, a.name AS agency_name, a.code AS agency_code, h.full_name AS holder_name,
    n.serial AS next_serial, n.not_after AS next_not_after
  FROM certificates c
  JOIN agencies a ON a.id = c.agency_id
  JOIN holders h ON h.id = c.holder_id
  LEFT JOIN certificates n ON n.id = c.replaced_by_id`

const toRecord = (r: Row): StatusRecord => ({
  id: r.id,
  kind: r.kind,
  serial: r.serial,
  issuer: r.issuer,
  subject: r.subject,
  fingerprint: r.fingerprint,
  holderId: r.holder_id,
  notBefore: r.not_before,
  notAfter: r.not_after,
  revokedAt: r.revoked_at,
  invalidityDate: r.invalidity_date,
  holdAt: r.hold_at,
  reasonCode: r.reason_code,
  replacedById: r.replaced_by_id,
  agencyName: r.agency_name,
  agencyCode: r.agency_code,
  holderName: r.holder_name,
  nextSerial: r.next_serial,
  nextNotAfter: r.next_not_after,
})

/** Every registered certificate with this serial (one per issuer), through the serial index. */
export async function recordsBySerial(db: D1Database, serial: string) {
  const { results } = await db.prepare(`${select} WHERE c.serial = ?1`).bind(serial).all<Row>()
  return results.map(toRecord)
}

/** The registered certificates of many serials, read in chunks (one batch, one round trip). */
export async function recordsBySerials(db: D1Database, serials: string[]) {
  const unique = [...new Set(serials)]
  if (!unique.length) return []
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < unique.length; i += SERIAL_CHUNK) {
    const chunk = unique.slice(i, i + SERIAL_CHUNK)
    statements.push(
      db
        .prepare(`${select} WHERE c.serial IN (${chunk.map((_, j) => `?${j + 1}`).join(', ')})`)
        .bind(...chunk)
    )
  }
  const results = await db.batch<Row>(statements)
  return results.flatMap((r) => r.results.map(toRecord))
}
