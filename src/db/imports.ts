import { fold, searchText } from '../lib/text'

/** Lookups by many keys at once: the keys travel as one JSON parameter (no 100-parameter limit). */
const many = <T>(db: D1Database, sql: string, keys: string[]) =>
  keys.length
    ? db
        .prepare(sql)
        .bind(JSON.stringify([...new Set(keys)]))
        .all<T>()
        .then((r) => r.results)
    : Promise.resolve([] as T[])

export const agenciesByCode = (db: D1Database, codes: string[]) =>
  many<{ id: string; code: string; status: string }>(
    db,
    'SELECT id, code, status FROM agencies WHERE code IN (SELECT value FROM json_each(?1))',
    codes
  )

export const holdersByNationalId = (db: D1Database, ids: string[]) =>
  many<{ id: string; agency_id: string; national_id: string; name_key: string; kind: string }>(
    db,
    'SELECT id, agency_id, national_id, name_key, kind FROM holders WHERE national_id IN (SELECT value FROM json_each(?1))',
    ids
  )

export const holdersByName = (db: D1Database, names: string[]) =>
  many<{
    id: string
    agency_id: string
    national_id: string | null
    name_key: string
    kind: string
  }>(
    db,
    'SELECT id, agency_id, national_id, name_key, kind FROM holders WHERE name_key IN (SELECT value FROM json_each(?1))',
    names.map(fold)
  )

export const devicesBySerial = (db: D1Database, serials: string[]) =>
  many<{ id: string; serial: string; status: string }>(
    db,
    'SELECT id, serial, status FROM devices WHERE serial IN (SELECT value FROM json_each(?1))',
    serials
  )

export interface ExistingCertificate {
  id: string
  serial: string
  issuer: string
  kind: string
  subject: string
  holder_id: string
  agency_id: string
  device_id: string | null
  not_before: string
  not_after: string
  fingerprint: string | null
  revoked_at: string | null
  version: number
}

export const certificatesBySerial = (db: D1Database, serials: string[]) =>
  many<ExistingCertificate>(
    db,
    `SELECT id, serial, issuer, kind, subject, holder_id, agency_id, device_id, not_before, not_after, fingerprint, revoked_at, version
     FROM certificates WHERE serial IN (SELECT value FROM json_each(?1))`,
    serials
  )

const CHUNK = 200
const chunks = <T>(rows: T[]) =>
  Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) =>
    rows.slice(i * CHUNK, (i + 1) * CHUNK)
  )

/** Inserts holders, 200 a statement, as one JSON parameter each. */
export const insertHolders = (
  db: D1Database,
  rows: {
    id: string
    kind: string
    fullName: string
    nationalId: string | null
    position: string | null
    agencyId: string
    at: string
  }[]
) =>
  chunks(rows).map((chunk) =>
    db
      .prepare(
        `INSERT INTO holders (id, kind, full_name, name_key, national_id, position, agency_id, created_at, updated_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 7 FROM json_each(?1)`
      )
      .bind(
        JSON.stringify(
          chunk.map((h) => [
            h.id,
            h.kind,
            h.fullName,
            fold(h.fullName),
            h.nationalId,
            h.position,
            h.agencyId,
            h.at,
          ])
        )
      )
  )

/** Inserts devices (in stock at the agency), 200 a statement. */
export const insertDevicesInStock = (
  db: D1Database,
  rows: { id: string; serial: string; agencyId: string; at: string }[]
) =>
  chunks(rows).map((chunk) =>
    db
      .prepare(
        `INSERT INTO devices (id, serial, model, kind, status, agency_id, created_at, updated_at)
         SELECT value ->> 0, value ->> 1, 'không rõ (nhập từ bảng tính)', 'token', 'in_stock', value ->> 2, value ->> 3, value ->> 3 FROM json_each(?1)`
      )
      .bind(JSON.stringify(chunk.map((d) => [d.id, d.serial, d.agencyId, d.at])))
  )

export interface CertificateValues {
  id: string
  kind: string
  serial: string
  issuer: string
  subject: string
  holderId: string
  holderName: string
  agencyId: string
  deviceId: string | null
  notBefore: string
  notAfter: string
  fingerprint: string | null
}

const certRow = (c: CertificateValues) => {
  const nameKey = fold(c.holderName)
  const subjectKey = fold(c.subject)
  return [
    c.id,
    c.kind,
    c.serial,
    c.issuer,
    c.subject,
    c.holderId,
    c.agencyId,
    c.deviceId,
    c.notBefore,
    c.notAfter,
    c.fingerprint,
    nameKey,
    subjectKey,
    searchText(nameKey, subjectKey, c.serial),
  ]
}

/** Inserts certificates, 200 a statement. */
export const insertCertificates = (db: D1Database, rows: CertificateValues[], at: string) =>
  chunks(rows).map((chunk) =>
    db
      .prepare(
        `INSERT INTO certificates (id, kind, serial, issuer, subject, holder_id, agency_id, device_id, not_before, not_after, fingerprint,
           name_key, subject_key, search_text, created_at, updated_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8,
                value ->> 9, value ->> 10, value ->> 11, value ->> 12, value ->> 13, ?2, ?2
         FROM json_each(?1)`
      )
      .bind(JSON.stringify(chunk.map(certRow)), at)
  )

/**
 * Updates certificates from the spreadsheet, 200 a statement, each only if still at the version
 * that was compared (and not revoked): a concurrent change makes the count fall short, and the
 * caller's guard aborts the batch.
 */
export const updateCertificates = (
  db: D1Database,
  rows: (CertificateValues & { version: number })[],
  at: string
) =>
  chunks(rows).map((chunk) => ({
    expected: chunk.length,
    statement: db
      .prepare(
        `UPDATE certificates SET kind = u.value ->> 1, subject = u.value ->> 4, holder_id = u.value ->> 5, agency_id = u.value ->> 6,
           device_id = u.value ->> 7, not_before = u.value ->> 8, not_after = u.value ->> 9, fingerprint = u.value ->> 10,
           name_key = u.value ->> 11, subject_key = u.value ->> 12, search_text = u.value ->> 13, version = version + 1, updated_at = ?2
         FROM json_each(?1) u
         WHERE certificates.id = u.value ->> 0 AND certificates.version = u.value ->> 14 AND certificates.revoked_at IS NULL`
      )
      .bind(JSON.stringify(chunk.map((c) => [...certRow(c), c.version])), at),
  }))
