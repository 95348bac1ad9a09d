import type { Request } from '../../schemas/request'
import { WorkingCalendar, type CalendarEntry } from '../domain/calendar'
import { byAgency, Filter, pageQuery, runPage, type AgencyScope, type PageRequest } from './query'

interface RequestRow {
  id: string
  kind: Request['kind']
  certificate_kind: string | null
  agency_id: string
  doc_number: string | null
  doc_date: string | null
  reason_code: number | null
  cause: string | null
  note: string | null
  state: Request['state']
  state_note: string | null
  channel: string | null
  reference: string | null
  sent_at: string | null
  due_day: string | null
  done_at: string | null
  result_id: string | null
  created_by: string
  version: number
  created_at: string
  updated_at: string
  items: string
}

/** A stored request as the API answers it; overdue when sent and its due day has passed. */
const toRequest =
  (today: string) =>
  (r: RequestRow): Request => ({
    id: r.id,
    kind: r.kind,
    certificateKind: r.certificate_kind,
    agencyId: r.agency_id,
    docNumber: r.doc_number,
    docDate: r.doc_date,
    reasonCode: r.reason_code,
    cause: r.cause,
    note: r.note,
    state: r.state,
    stateNote: r.state_note,
    channel: r.channel,
    reference: r.reference,
    sentAt: r.sent_at,
    dueDay: r.due_day,
    overdue: r.state === 'sent' && r.due_day !== null && r.due_day < today,
    doneAt: r.done_at,
    resultId: r.result_id,
    items: JSON.parse(r.items),
    createdBy: r.created_by,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  })

const columns = `id, kind, certificate_kind, agency_id, doc_number, doc_date, reason_code, cause, note, state,
  state_note, channel, reference, sent_at, due_day, done_at, result_id, created_by, version, created_at, updated_at,
  (SELECT json_group_array(json_object('holderId', holder_id, 'deviceId', device_id, 'certificateId', certificate_id))
     FROM (SELECT * FROM request_items i WHERE i.request_id = requests.id ORDER BY n)) AS items`

export async function findRequest(db: D1Database, id: string, today: string) {
  const row = await db
    .prepare(`SELECT ${columns} FROM requests WHERE id = ?1`)
    .bind(id)
    .first<RequestRow>()
  return row ? toRequest(today)(row) : null
}

/** A request and its items, written together. */
export function insertRequest(db: D1Database, r: Request) {
  return [
    db
      .prepare(
        `INSERT INTO requests (id, kind, certificate_kind, agency_id, doc_number, doc_date, reason_code, cause, note,
           state, created_by, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)`
      )
      .bind(
        r.id,
        r.kind,
        r.certificateKind,
        r.agencyId,
        r.docNumber,
        r.docDate,
        r.reasonCode,
        r.cause,
        r.note,
        r.state,
        r.createdBy,
        r.version,
        r.createdAt
      ),
    ...itemStatements(db, r),
  ]
}

const itemStatements = (db: D1Database, r: Request) => [
  db.prepare('DELETE FROM request_items WHERE request_id = ?1').bind(r.id),
  db
    .prepare(
      `INSERT INTO request_items (request_id, n, holder_id, device_id, certificate_id)
       SELECT ?1, key, value ->> 'holderId', value ->> 'deviceId', value ->> 'certificateId' FROM json_each(?2)`
    )
    .bind(r.id, JSON.stringify(r.items)),
]

/**
 * The request as changed, when it still has the version it was read at; its items rewritten
 * with it. The caller guards the version (a lost race writes nothing).
 */
export function updateRequest(db: D1Database, r: Request, expected: number) {
  return [
    db
      .prepare(
        `UPDATE requests SET certificate_kind = ?2, doc_number = ?3, doc_date = ?4, reason_code = ?5, cause = ?6,
           note = ?7, state = ?8, state_note = ?9, channel = ?10, reference = ?11, sent_at = ?12, due_day = ?13,
           done_at = ?14, result_id = ?15, version = version + 1, updated_at = ?16
         WHERE id = ?1 AND version = ?17`
      )
      .bind(
        r.id,
        r.certificateKind,
        r.docNumber,
        r.docDate,
        r.reasonCode,
        r.cause,
        r.note,
        r.state,
        r.stateNote,
        r.channel,
        r.reference,
        r.sentAt,
        r.dueDay,
        r.doneAt,
        r.resultId,
        r.updatedAt,
        expected
      ),
  ]
}

export { itemStatements as requestItemStatements }

export interface RequestFilter extends PageRequest, AgencyScope {
  state?: string
  kind?: string
  overdue?: boolean
  today: string
}

/** The SQL of a page of requests, oldest first (a queue), in the principal's scope. */
export function requestListQuery(f: RequestFilter) {
  const where = new Filter()
  const agencies = byAgency(where, f, 'agency_id', true)
  if (f.state) where.and(`state = ${where.bind(f.state)}`)
  if (f.kind) where.and(`kind = ${where.bind(f.kind)}`)
  if (f.overdue) where.and(`state = 'sent' AND due_day < ${where.bind(f.today)}`)
  return pageQuery(
    {
      from: `SELECT ${columns} FROM requests`,
      filter: where,
      sortColumn: 'created_at',
      idColumn: 'id',
      perAgency: agencies ? { table: 'requests', agencies } : undefined,
    },
    f
  )
}

/** A page of requests. */
export const listRequests = (db: D1Database, f: RequestFilter) =>
  runPage<RequestRow, Request>(
    db,
    requestListQuery(f),
    f.limit,
    (r) => ({ key: r.created_at, id: r.id }),
    toRequest(f.today)
  )

/** The department's calendar entries (days the yearly notices add or swap). */
export async function calendarEntries(db: D1Database): Promise<CalendarEntry[]> {
  const { results } = await db
    .prepare('SELECT day, kind, name, source FROM holidays ORDER BY day')
    .all<CalendarEntry & { source: string }>()
  return results
}

/** The calendar deadlines and reminders follow: statutory holidays and the department's entries. */
export const workingCalendar = async (db: D1Database) =>
  new WorkingCalendar(await calendarEntries(db))

/** A request the CA has not answered by its due day, for the department's digest. */
export interface OverdueRequest {
  id: string
  kind: Request['kind']
  sent_at: string
  due_day: string
  agency_name: string
  agency_code: string
}

/** Requests sent to the CA and past their due day on `today` (YYYY-MM-DD), the most overdue first. */
export async function overdueRequests(db: D1Database, today: string, limit = 200) {
  const { results } = await db
    .prepare(
      `SELECT r.id, r.kind, r.sent_at, r.due_day, a.name AS agency_name, a.code AS agency_code
       FROM requests r JOIN agencies a ON a.id = r.agency_id
       WHERE r.state = 'sent' AND r.due_day < ?1 ORDER BY r.due_day, r.id LIMIT ?2`
    )
    .bind(today, limit)
    .all<OverdueRequest>()
  return results
}
