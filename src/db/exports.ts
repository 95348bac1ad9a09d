import type { CertificateKind } from '../domain/lifecycle'
import { certificateListQuery, type CertificateFilter } from './certificates'
import { deviceListQuery, type DeviceFilter } from './devices'

export interface CertificateExportRow {
  id: string
  kind: CertificateKind
  serial: string
  issuer: string
  subject: string
  not_before: string
  not_after: string
  fingerprint: string | null
  revoked_at: string | null
  reason_code: number | null
  invalidity_date: string | null
  hold_at: string | null
  note: string | null
  name_key: string
  agency_id: string
  /** Sorted by agency: the agency's folded name. */
  agency_key?: string
  full_name: string
  national_id: string | null
  position: string | null
  agency_code: string
  agency_name: string
  device_serial: string | null
}

/**
 * One page of the certificate export: the list query (same filters, same keyset order) with the
 * holder, agency and device each row needs, joined on their primary keys.
 */
export async function certificateExportPage(db: D1Database, f: CertificateFilter, now: Date) {
  const page = certificateListQuery(f, now)
  const order = {
    notAfter: 'c.not_after, c.id',
    name: 'c.name_key, c.id',
    agency: 'c.agency_key, c.agency_id, c.not_after, c.id',
  }[f.sort]
  const { results } = await db
    .prepare(
      `SELECT c.*, h.full_name, h.national_id, h.position, a.code AS agency_code, a.name AS agency_name, d.serial AS device_serial
       FROM (${page.sql}) c
       JOIN holders h ON h.id = c.holder_id
       JOIN agencies a ON a.id = c.agency_id
       LEFT JOIN devices d ON d.id = c.device_id
       ORDER BY ${order}`
    )
    .bind(...page.params)
    .all<CertificateExportRow>()
  return results
}

export interface DeviceExportRow {
  id: string
  serial: string
  model: string
  kind: string
  status: string
  agency_code: string
  agency_name: string
  holder_name: string | null
  assigned_at: string | null
  handover_ref: string | null
}

/** One page of the device export, with each device's current holder and hand-over. */
export async function deviceExportPage(db: D1Database, f: DeviceFilter) {
  const page = deviceListQuery(f)
  const { results } = await db
    .prepare(
      `SELECT d.id, d.serial, d.model, d.kind, d.status, a.code AS agency_code, a.name AS agency_name, h.full_name AS holder_name,
              x.assigned_at, x.handover_ref
       FROM (${page.sql}) d
       JOIN agencies a ON a.id = d.agency_id
       LEFT JOIN holders h ON h.id = d.holder_id
       LEFT JOIN device_assignments x ON x.device_id = d.id AND x.returned_at IS NULL
       ORDER BY d.serial, d.id`
    )
    .bind(...page.params)
    .all<DeviceExportRow>()
  return results
}

/**
 * Whether the certificate list's filter holds more than `max` rows: counted through the same
 * indexed query, stopping at max + 1, so a whole-registry export is told apart at once.
 */
export async function moreThan(db: D1Database, f: CertificateFilter, now: Date, max: number) {
  const page = certificateListQuery({ ...f, limit: max + 1 }, now)
  const row = await db
    .prepare(`SELECT count(*) AS n FROM (${page.sql})`)
    .bind(...page.params)
    .first<{ n: number }>()
  return row!.n > max
}
