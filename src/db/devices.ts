import type { CustodyEntry, Device } from '../../schemas/device'
import { byAgency, Filter, pageQuery, runPage, type PageRequest, type AgencyScope } from './query'

export interface DeviceRow {
  id: string
  serial: string
  model: string
  kind: Device['kind']
  status: Device['status']
  agency_id: string
  holder_id: string | null
  note: string | null
  version: number
  created_at: string
  updated_at: string
}

/** Maps a stored row to the API's Device. */
export const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  serial: row.serial,
  model: row.model,
  kind: row.kind,
  status: row.status,
  agencyId: row.agency_id,
  holderId: row.holder_id,
  note: row.note,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/** The device with this id, or null. */
export async function findDevice(db: D1Database, id: string) {
  const row = await db.prepare('SELECT * FROM devices WHERE id = ?1').bind(id).first<DeviceRow>()
  return row && toDevice(row)
}

/** Inserts a new device (in stock). */
export function insertDevice(db: D1Database, d: Device) {
  return db
    .prepare(
      `INSERT INTO devices (id, serial, model, kind, status, agency_id, holder_id, note, version, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)`
    )
    .bind(
      d.id,
      d.serial,
      d.model,
      d.kind,
      d.status,
      d.agencyId,
      d.holderId,
      d.note,
      d.version,
      d.createdAt
    )
}

/**
 * Saves a device's details and custody state if it is still at `expected` version and in the
 * status the change was decided on: concurrent hand-overs of one device cannot both pass.
 */
export function saveDevice(
  db: D1Database,
  d: Device,
  expected: number,
  fromStatus: Device['status']
) {
  return db
    .prepare(
      `UPDATE devices SET model = ?2, kind = ?3, status = ?4, agency_id = ?5, holder_id = ?6, note = ?7,
         version = version + 1, updated_at = ?8
       WHERE id = ?1 AND version = ?9 AND status = ?10`
    )
    .bind(
      d.id,
      d.model,
      d.kind,
      d.status,
      d.agencyId,
      d.holderId,
      d.note,
      d.updatedAt,
      expected,
      fromStatus
    )
}

/** Opens a custody ledger entry; the unique partial index refuses a second open one. */
export function openAssignment(
  db: D1Database,
  e: { id: string; deviceId: string; holderId: string; at: string; handoverRef: string | null }
) {
  return db
    .prepare(
      'INSERT INTO device_assignments (id, device_id, holder_id, assigned_at, handover_ref) VALUES (?1, ?2, ?3, ?4, ?5)'
    )
    .bind(e.id, e.deviceId, e.holderId, e.at, e.handoverRef)
}

/** Closes the device's open ledger entry (returned, or lost while held). */
export function closeAssignment(
  db: D1Database,
  deviceId: string,
  at: string,
  closedBy: 'return' | 'lost',
  note: string | null,
  ref: string | null = null
) {
  return db
    .prepare(
      `UPDATE device_assignments SET returned_at = ?2, closed_by = ?3, return_note = ?4, return_ref = ?5
       WHERE device_id = ?1 AND returned_at IS NULL`
    )
    .bind(deviceId, at, closedBy, note, ref)
}

/** The open ledger entry of a device, or null. */
export function openAssignmentOf(db: D1Database, deviceId: string) {
  return db
    .prepare(
      'SELECT assigned_at FROM device_assignments WHERE device_id = ?1 AND returned_at IS NULL'
    )
    .bind(deviceId)
    .first<{ assigned_at: string }>()
}

/** The custody ledger of a device, newest first. */
export async function custodyOf(db: D1Database, deviceId: string): Promise<CustodyEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT a.id, a.holder_id, h.full_name, a.assigned_at, a.handover_ref, a.returned_at, a.return_note, a.return_ref, a.closed_by
       FROM device_assignments a JOIN holders h ON h.id = a.holder_id
       WHERE a.device_id = ?1 ORDER BY a.assigned_at DESC, a.id DESC`
    )
    .bind(deviceId)
    .all<Record<string, string | null>>()
  return results.map((r) => ({
    id: r.id!,
    holderId: r.holder_id!,
    holderName: r.full_name!,
    assignedAt: r.assigned_at!,
    handoverRef: r.handover_ref,
    returnedAt: r.returned_at,
    returnNote: r.return_note,
    returnRef: r.return_ref,
    closedBy: r.closed_by as CustodyEntry['closedBy'],
  }))
}

export interface DeviceFilter extends PageRequest, AgencyScope {
  status?: string
  kind?: string
  holderId?: string
  q?: string
}

/** The SQL of a device list page, sorted by serial; `q` is a serial prefix (an index range). */
export function deviceListQuery(f: DeviceFilter) {
  const where = new Filter()
  // A subtree is read agency by agency unless a holder or a status (their own indexes) leads.
  const agencies = byAgency(where, f, 'agency_id', !f.holderId && !f.status)
  if (f.status) where.and(`status = ${where.bind(f.status)}`)
  if (f.kind) where.and(`kind = ${where.bind(f.kind)}`)
  if (f.holderId) where.and(`holder_id = ${where.bind(f.holderId)}`)
  if (f.q) {
    const prefix = f.q.trim().toUpperCase()
    where.and(`serial >= ${where.bind(prefix)} AND serial < ${where.bind(`${prefix}\uffff`)}`)
  }
  return pageQuery(
    {
      from: 'SELECT * FROM devices',
      filter: where,
      sortColumn: 'serial',
      idColumn: 'id',
      perAgency: agencies ? { table: 'devices', agencies } : undefined,
    },
    f
  )
}

/** One page of devices. */
export function listDevices(db: D1Database, f: DeviceFilter) {
  return runPage<DeviceRow, Device>(
    db,
    deviceListQuery(f),
    f.limit,
    (r) => ({ key: r.serial, id: r.id }),
    toDevice
  )
}

/** When the device last came back (the latest closed ledger entry), or null. */
export async function lastReturnOf(db: D1Database, deviceId: string) {
  const row = await db
    .prepare('SELECT max(returned_at) AS at FROM device_assignments WHERE device_id = ?1')
    .bind(deviceId)
    .first<{ at: string | null }>()
  return row?.at ?? null
}

/** The devices a holder holds now (the custody to take back when the holder leaves or moves). */
export async function heldBy(db: D1Database, holderId: string) {
  const { results } = await db
    .prepare('SELECT * FROM devices WHERE holder_id = ?1 ORDER BY serial')
    .bind(holderId)
    .all<DeviceRow>()
  return results.map(toDevice)
}
