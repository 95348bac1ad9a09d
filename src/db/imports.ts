import type { DeviceStatus, CarriedCertificate } from '../domain/custody'
import { fold } from '../lib/text'
import {
  CERTIFICATE_FIELDS,
  toCertificate,
  writtenValues,
  WRITTEN_COLUMNS,
  type CertificateRecord,
  type CertificateRow,
} from './certificates'
import { holderColumns, type HolderRow } from './holders'

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
  many<{
    id: string
    code: string
    status: 'active' | 'merged' | 'dissolved'
    successorId: string | null
  }>(
    db,
    'SELECT id, code, status, successor_id AS successorId FROM agencies WHERE code IN (SELECT value FROM json_each(?1))',
    codes
  )

/** The holders a sheet may mean: by CCCD, by folded name, and the holders of its registered certificates. */
export async function holdersFor(
  db: D1Database,
  nationalIds: string[],
  names: string[],
  ids: string[]
) {
  const [byCccd, byName, byId] = await Promise.all([
    many<HolderRow>(
      db,
      `SELECT ${holderColumns} FROM holders WHERE national_id IN (SELECT value FROM json_each(?1))`,
      nationalIds
    ),
    many<HolderRow>(
      db,
      `SELECT ${holderColumns} FROM holders WHERE name_key IN (SELECT value FROM json_each(?1))`,
      names.map(fold)
    ),
    many<HolderRow>(
      db,
      `SELECT ${holderColumns} FROM holders WHERE id IN (SELECT value FROM json_each(?1))`,
      ids
    ),
  ])
  return [...new Map([...byCccd, ...byName, ...byId].map((h) => [h.id, h])).values()]
}

export const devicesBySerial = (db: D1Database, serials: string[]) =>
  many<{
    id: string
    serial: string
    status: DeviceStatus
    holderId: string | null
    agencyId: string
  }>(
    db,
    'SELECT id, serial, status, holder_id AS holderId, agency_id AS agencyId FROM devices WHERE serial IN (SELECT value FROM json_each(?1))',
    serials
  )

/** The keys these devices carry at `now` (neither revoked nor expired), with their holders' names. */
export const carriedOn = (db: D1Database, deviceIds: string[], now: Date) =>
  keys(deviceIds)
    ? db
        .prepare(
          `SELECT c.id, c.serial, c.kind, c.holder_id AS holderId, h.full_name AS holderName, c.device_id AS deviceId
           FROM certificates c JOIN holders h ON h.id = c.holder_id
           WHERE c.device_id IN (SELECT value FROM json_each(?1)) AND c.revoked_at IS NULL
             AND c.not_after > ?2`
        )
        .bind(JSON.stringify([...new Set(deviceIds)]), now.toISOString())
        .all<CarriedCertificate & { deviceId: string }>()
        .then((r) => r.results)
    : Promise.resolve([])

const keys = (list: string[]) => list.length > 0

/** Every registered certificate with one of these serials, under any issuer. */
export const certificatesBySerial = (db: D1Database, serials: string[]) =>
  many<CertificateRow>(
    db,
    `SELECT ${Object.values(CERTIFICATE_FIELDS).join(', ')}, name_key FROM certificates WHERE serial IN (SELECT value FROM json_each(?1))`,
    serials
  ).then((rows) => rows.map(toCertificate))

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

/** Inserts certificates, 200 a statement, with the columns every certificate insert writes. */
export const insertCertificates = (
  db: D1Database,
  rows: (CertificateRecord & { holderName: string })[]
) =>
  chunks(rows).map((chunk) =>
    db
      .prepare(
        `INSERT INTO certificates (${WRITTEN_COLUMNS.join(', ')})
         SELECT ${WRITTEN_COLUMNS.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?1)`
      )
      .bind(JSON.stringify(chunk.map((c) => writtenValues(c, c.holderName))))
  )

/**
 * Updates the department-owned details of certificates (agency, device, note, fingerprint), 200 a
 * statement, each only if still at the version that was compared and not revoked: a concurrent
 * change makes the count fall short, and the caller's guard aborts the batch.
 */
export const updateCertificates = (
  db: D1Database,
  rows: { before: CertificateRecord; after: CertificateRecord }[]
) =>
  chunks(rows).map((chunk) => ({
    expected: chunk.length,
    statement: db
      .prepare(
        `UPDATE certificates SET agency_id = u.value ->> 1, device_id = u.value ->> 2, note = u.value ->> 3,
           fingerprint = u.value ->> 4, version = version + 1, updated_at = u.value ->> 5
         FROM json_each(?1) u
         WHERE certificates.id = u.value ->> 0 AND certificates.version = u.value ->> 6 AND certificates.revoked_at IS NULL`
      )
      .bind(
        JSON.stringify(
          chunk.map(({ before, after }) => [
            after.id,
            after.agencyId,
            after.deviceId,
            after.note,
            after.fingerprint,
            after.updatedAt,
            before.version,
          ])
        )
      ),
  }))

/** Records revocations, 200 a statement, each only if still at the version compared and not revoked. */
export const revokeCertificates = (
  db: D1Database,
  rows: { before: CertificateRecord; after: CertificateRecord }[]
) =>
  chunks(rows).map((chunk) => ({
    expected: chunk.length,
    statement: db
      .prepare(
        `UPDATE certificates SET revoked_at = u.value ->> 1, reason_code = u.value ->> 2, invalidity_date = u.value ->> 3,
           version = version + 1, updated_at = u.value ->> 4
         FROM json_each(?1) u
         WHERE certificates.id = u.value ->> 0 AND certificates.version = u.value ->> 5 AND certificates.revoked_at IS NULL`
      )
      .bind(
        JSON.stringify(
          chunk.map(({ before, after }) => [
            after.id,
            after.revokedAt,
            after.reasonCode,
            after.invalidityDate,
            after.updatedAt,
            before.version,
          ])
        )
      ),
  }))

/** Brings holders' position and name up to date, 200 a statement, each only if still at the version read. */
export const updateHolders = (
  db: D1Database,
  rows: { id: string; fullName: string; position: string | null; version: number }[],
  at: string
) =>
  chunks(rows).map((chunk) => ({
    expected: chunk.length,
    statement: db
      .prepare(
        `UPDATE holders SET full_name = u.value ->> 1, name_key = u.value ->> 2, position = u.value ->> 3,
           version = version + 1, updated_at = ?2
         FROM json_each(?1) u WHERE holders.id = u.value ->> 0 AND holders.version = u.value ->> 4`
      )
      .bind(
        JSON.stringify(
          chunk.map((h) => [h.id, h.fullName, fold(h.fullName), h.position, h.version])
        ),
        at
      ),
  }))
