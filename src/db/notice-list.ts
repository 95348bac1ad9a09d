import type { Notice, NoticeListQuery } from '../../schemas/notice'
import { byAgency, Filter, pageQuery, runPage } from './query'

export interface NoticeRow {
  id: string
  certificate_id: string
  agency_id: string
  threshold: number
  due_date: string
  state: Notice['state']
  digest_id: string | null
  created_at: string
  sent_at: string | null
  ack_by: string | null
  ack_at: string | null
  ack_until: string | null
  ack_note: string | null
  serial: string
  holder_name: string
  not_after: string
  kind: string
  renewal: string | null
}

export const toNotice = (r: NoticeRow): Notice => ({
  id: r.id,
  certificateId: r.certificate_id,
  agencyId: r.agency_id,
  threshold: r.threshold,
  dueDate: r.due_date,
  state: r.state,
  digestId: r.digest_id,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  acknowledged: r.ack_at
    ? { by: r.ack_by!, at: r.ack_at, until: r.ack_until!, note: r.ack_note }
    : null,
  certificate: { serial: r.serial, holderName: r.holder_name, notAfter: r.not_after, kind: r.kind },
  renewalRequest: r.renewal
    ? {
        id: r.renewal.split(' ')[0],
        state: r.renewal.split(' ')[1] as NonNullable<Notice['renewalRequest']>['state'],
      }
    : null,
})

// The newest renewal request for the certificate that is not cancelled or refused (by the index
// request_items_certificate), as "id state".
const from = `SELECT n.*, k.by_principal AS ack_by, k.at AS ack_at, k.until AS ack_until, k.note AS ack_note, c.serial, c.not_after, c.kind, h.full_name AS holder_name,
    (SELECT r.id || ' ' || r.state FROM request_items i JOIN requests r ON r.id = i.request_id
      WHERE i.certificate_id = n.certificate_id AND r.kind = 'renewal' AND r.state NOT IN ('cancelled', 'refused')
      ORDER BY r.created_at DESC LIMIT 1) AS renewal
  FROM notices n
  JOIN certificates c ON c.id = n.certificate_id
  JOIN holders h ON h.id = c.holder_id
  LEFT JOIN certificate_acks k ON k.certificate_id = n.certificate_id`

export type NoticeFilter = Omit<NoticeListQuery, 'limit'> & {
  limit: number
  scope?: string
  /** Now: an acknowledgement counts while it holds. */
  at?: string
}

/** The SQL of a notice page, by due date (index notices_agency or notices_due). */
export function noticeListQuery(f: NoticeFilter) {
  const where = new Filter()
  byAgency(where, f, 'n.agency_id')
  if (f.certificateId) where.and(`n.certificate_id = ${where.bind(f.certificateId)}`)
  if (f.state === 'acknowledged')
    where.and(`k.until > ${where.bind(f.at ?? new Date().toISOString())}`)
  else if (f.state) where.and(`n.state = ${where.bind(f.state)}`)
  if (f.threshold !== undefined) where.and(`n.threshold = ${where.bind(f.threshold)}`)
  if (f.from) where.and(`n.due_date >= ${where.bind(f.from)}`)
  if (f.to) where.and(`n.due_date <= ${where.bind(f.to)}`)
  return pageQuery({ from, filter: where, sortColumn: 'n.due_date', idColumn: 'n.id' }, f)
}

/** One page of notices. */
export const listNotices = (db: D1Database, f: NoticeFilter) =>
  runPage<NoticeRow, Notice>(
    db,
    noticeListQuery(f),
    f.limit,
    (r) => ({ key: r.due_date, id: r.id }),
    toNotice
  )

/** One notice, or null. */
export async function findNotice(db: D1Database, id: string) {
  const row = await db.prepare(`${from} WHERE n.id = ?1`).bind(id).first<NoticeRow>()
  return row && toNotice(row)
}

/**
 * Acknowledges a certificate ("being renewed") through one of its notices, until `until`: no more
 * notices but the "expired" one while it holds. A lapsed acknowledgement is replaced; one that
 * still holds is not (0 rows: the caller's guard answers 409).
 */
export const acknowledge = (
  db: D1Database,
  certificateId: string,
  noticeId: string,
  by: string,
  at: string,
  until: string,
  note: string | null
) =>
  db
    .prepare(
      `INSERT INTO certificate_acks (certificate_id, notice_id, by_principal, at, until, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (certificate_id) DO UPDATE SET notice_id = excluded.notice_id, by_principal = excluded.by_principal,
         at = excluded.at, until = excluded.until, note = excluded.note
       WHERE certificate_acks.until <= excluded.at`
    )
    .bind(certificateId, noticeId, by, at, until, note)

/** Withdraws the acknowledgement: the next scan sends the nearest due notice again. */
export const unacknowledge = (db: D1Database, certificateId: string) =>
  db.prepare('DELETE FROM certificate_acks WHERE certificate_id = ?1').bind(certificateId)
