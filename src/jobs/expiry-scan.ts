import { commitAudited } from '../db/audit'
import { auditKeys } from '../lib/audit-keys'
import { overdueRequests, workingCalendar } from '../db/requests'
import type { WorkingCalendar } from '../domain/calendar'
import { writeAnchor } from './anchor'
import {
  agenciesToDigest,
  agencyThresholds,
  digestsFor,
  endedAgencies,
  caKeysDue,
  escalationDigest,
  noteCaKeys,
  escalations,
  insertNotices,
  markQueued,
  unqueuedDigests,
  windowPage,
  type NewNotice,
} from '../db/notices'
import {
  CATCH_UP_DAYS,
  DEFAULT_THRESHOLDS,
  dueNotices,
  EXPIRED,
  lookAhead,
  parseThresholds,
  reminderDay,
  reminderHorizon,
} from '../domain/reminders'
import { newId } from '../lib/ids'
import { count } from '../lib/metrics'
import { DAY_MS, vnDayNumber, vnDayStart } from '../lib/time'

/** Messages on the NOTICES queue: one digest to deliver. */
export interface DigestMessage {
  digestId: string
}

const PAGE = 2000
/** D1 batches stay well inside limits: a few dozen statements each. */
const STATEMENTS_PER_BATCH = 50

/** The Vietnam calendar date (YYYY-MM-DD) of a VN day number, and back. */
const dayYmd = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)
const ymdDay = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) / DAY_MS

/** Certificates within this many days of expiry, unacknowledged, are escalated to the department. */
const ESCALATE_WITHIN_DAYS = 7

/** Days from `today` to the last day today's reminders speak for: 0 on an ordinary weekday. */
const aheadOf = (calendar: WorkingCalendar, today: number) =>
  ymdDay(reminderHorizon(calendar, dayYmd(today))) - today

/**
 * The escalation query's bounds at `now`: notices due since the catch-up window, of certificates
 * expiring within 7 days of the last day this working day speaks for (so the last one before Tết
 * also escalates what runs out during and just after it).
 */
export function escalationWindow(
  now: Date,
  calendar: WorkingCalendar
): [sinceDue: string, expiringBefore: string] {
  const today = vnDayNumber(now)
  return [
    dayYmd(today - CATCH_UP_DAYS - ESCALATE_WITHIN_DAYS),
    vnDayStart(today + aheadOf(calendar, today) + ESCALATE_WITHIN_DAYS + 1).toISOString(),
  ]
}

/**
 * The agency each notice's digest goes to, and the agencies it speaks for: an active agency for
 * itself, an ended one through its successor (followed as far as it goes; the last agency of the
 * chain when none is active, whose digest then goes to the department).
 */
export function recipientsOf(
  agencies: string[],
  ended: { id: string; successor_id: string | null }[]
): Map<string, string[]> {
  const next = new Map(ended.map((a) => [a.id, a.successor_id]))
  const out = new Map<string, string[]>()
  for (const agency of agencies) {
    let to = agency
    for (let hops = 0; next.get(to) && hops < 50; hops++) to = next.get(to)!
    out.set(to, [...(out.get(to) ?? []), agency])
  }
  return out
}

async function inBatches(db: D1Database, statements: D1PreparedStatement[]) {
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH)
    await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH))
}

export interface ScanResult {
  runDate: string
  scanned: number
  notices: number
  superseded: number
  digests: number
  escalated: number
  queued: number
  /** Rows D1 read for the window (its meta.rows_read): the scan's cost follows the certificates due. */
  windowRowsRead: number
}

/**
 * The daily expiry scan (cron, 08:00 Vietnam time), with the clock passed in. It reads only the
 * certificates in the reminder window (notAfter from 31 days ago to the largest threshold ahead of
 * the next working day, through the notAfter index) and creates each due notice once (a reminder
 * due on a weekend or holiday on the working day before it) — the (certificate, threshold) pair is
 * unique, so a second run, a retried cron or a catch-up after downtime never duplicates and never
 * sends a skipped threshold late (it is superseded) — groups new notices into one digest per
 * agency, adds the department's escalation digest, and puts every digest not yet queued on the
 * queue. Every step is idempotent: a run that dies half-way is completed by the next.
 */
export async function runExpiryScan(env: Env, now: Date): Promise<ScanResult> {
  const db = env.DB
  const today = vnDayNumber(now)
  const runDate = dayYmd(today)
  const at = now.toISOString()
  const defaults = parseThresholds(env.REMINDER_DAYS) ?? [...DEFAULT_THRESHOLDS]
  // A morning's undelivered digests were told of once; a new morning closes that incident.
  await db
    .prepare(
      "UPDATE alerts SET closed_at = ?2 WHERE key LIKE 'delivery:%' AND key < 'delivery:' || ?1 AND closed_at IS NULL"
    )
    .bind(runDate, at)
    .run()
  const own = new Map(
    (await agencyThresholds(db)).map((r) => [r.id, parseThresholds(r.reminder_days) ?? defaults])
  )
  // A working day's reminders speak for every day up to the next working one, so none falls due
  // on a weekend or holiday (what first becomes due then, a certificate recorded on a Saturday,
  // an acknowledgement that lapsed, is not held back).
  const calendar = await workingCalendar(db)
  const ahead = aheadOf(calendar, today)
  const lo = vnDayStart(today - CATCH_UP_DAYS).toISOString()
  const hi = vnDayStart(today + ahead + lookAhead([defaults, ...own.values()]) + 1).toISOString()

  // Notices are written page by page: memory stays one page's worth whatever the backlog (the
  // first scan after a bulk import may owe hundreds of thousands).
  let pending = 0
  let superseded = 0
  let scanned = 0
  let rowsRead = 0
  for (let after: { notAfter: string; id: string } | null = null; ;) {
    const { rows: page, rowsRead: read } = await windowPage(db, lo, hi, at, after, PAGE)
    scanned += page.length
    rowsRead += read
    const created: NewNotice[] = []
    for (const cert of page) {
      const lastDay = vnDayNumber(new Date(cert.not_after))
      const told = new Set((cert.told ?? '').split(',').filter(Boolean).map(Number))
      const due = dueNotices(lastDay - today, own.get(cert.agency_id) ?? defaults, told, ahead)
      const notice = (threshold: number, state: NewNotice['state']): NewNotice => ({
        id: newId('ntc', now.getTime()),
        certificateId: cert.id,
        agencyId: cert.agency_id,
        threshold,
        dueDate:
          threshold === EXPIRED
            ? dayYmd(lastDay + 1)
            : reminderDay(calendar, dayYmd(lastDay), threshold),
        state,
        createdAt: at,
      })
      if (due.notify !== null) created.push(notice(due.notify, 'pending'))
      for (const t of due.supersede) created.push(notice(t, 'superseded'))
    }
    await inBatches(db, insertNotices(db, created))
    pending += created.filter((n) => n.state === 'pending').length
    superseded += created.filter((n) => n.state === 'superseded').length
    if (page.length < PAGE) break
    const last = page[page.length - 1]
    after = { notAfter: last.not_after, id: last.id }
  }

  // One digest per recipient: an agency that merged or was dissolved speaks through the agency
  // that took over its affairs (or, with none, its own digest goes to the department).
  const recipients = recipientsOf(await agenciesToDigest(db), await endedAgencies(db))
  await inBatches(
    db,
    digestsFor(db, recipients, () => newId('dig', now.getTime()), runDate, at)
  )

  let escalated = 0
  if (env.DEPARTMENT_EMAIL) {
    // Agencies with certificates about to expire unacknowledged, and issuing CA certificates
    // 90 and 30 days before they expire: the department's digest.
    escalated = (await escalations(db, ...escalationWindow(now, calendar), at)).length
    const caKeys = await caKeysDue(db, now)
    // Requests the CA has not answered by their due day (working days).
    const late = (await overdueRequests(db, runDate, 1)).length
    if (escalated || caKeys || late) {
      await escalationDigest(db, newId('dig', now.getTime()), runDate, at).run()
      await noteCaKeys(db, now, runDate).run()
    }
  }

  const queued = await unqueuedDigests(db)
  for (let i = 0; i < queued.length; i += 100) {
    const chunk = queued.slice(i, i + 100)
    await env.NOTICES.sendBatch(
      chunk.map((digestId) => ({
        body: { digestId } satisfies DigestMessage,
        contentType: 'json' as const,
      }))
    )
    await markQueued(db, chunk).run()
  }

  const result = {
    runDate,
    scanned,
    notices: pending,
    superseded,
    digests: recipients.size,
    escalated,
    queued: queued.length,
    windowRowsRead: rowsRead,
  }
  count(env, 'notice.created', result.notices)
  await commitAudited(
    db,
    (await auditKeys(env)).signer,
    [],
    [
      {
        at,
        principal: 'cron',
        action: 'reminders.scan',
        entity: 'scan',
        entityId: runDate,
        before: null,
        after: result,
        requestId: `scan-${runDate}`,
      },
    ]
  )
  // The audit head is anchored outside D1 at least daily (and after each backup).
  await writeAnchor(env, now)
  return result
}
