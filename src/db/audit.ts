import { maskNationalId, maskPhone } from '../domain/masking'

export interface AuditEntry {
  at: string
  principal: string
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
  requestId: string
}

/** Personal data never enters the log whole: CCCD and phone numbers are masked. */
function masked(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object') return JSON.stringify(value)
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  if (typeof copy.nationalId === 'string') copy.nationalId = maskNationalId(copy.nationalId)
  if (typeof copy.phone === 'string') copy.phone = maskPhone(copy.phone)
  return JSON.stringify(copy)
}

/** The statement that appends one audit entry; put it in the same batch as the change. */
export function appendAudit(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_log (at, principal, action, entity, entity_id, before, after, request_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`
    )
    .bind(
      entry.at,
      entry.principal,
      entry.action,
      entry.entity,
      entry.entityId,
      masked(entry.before),
      masked(entry.after),
      entry.requestId
    )
}
