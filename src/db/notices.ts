import type { DigestItem } from '../domain/digest'

/** Requests in these states are the agency's renewal under way: reminders pause for it. */
export const RENEWAL_UNDER_WAY = "('filed', 'returned', 'checked', 'sent')"

/**
 * "Being renewed", in SQL, for the certificate `cert` at the moment `now` (placeholders): an
 * acknowledgement that still holds, or a renewal request for it under way.
 */
export const beingRenewed = (cert: string, now: string) =>
  `(EXISTS (SELECT 1 FROM certificate_acks k WHERE k.certificate_id = ${cert} AND k.until > ${now})
    OR EXISTS (SELECT 1 FROM request_items i JOIN requests r ON r.id = i.request_id
      WHERE i.certificate_id = ${cert} AND r.kind = 'renewal' AND r.state IN ${RENEWAL_UNDER_WAY}))`

/** A certificate in the scan's window, with the thresholds it was already told about. */
export interface WindowRow {
  id: string
  agency_id: string
  not_after: string
  told: string | null
}

/**
 * One page of the scan's window: active, not replaced certificates whose notAfter lies in
 * [lo, hi), read through the notAfter index in (notAfter, id) order, so the scan reads the
 * certificates that are due and no others. An acknowledgement ("being renewed") holds them back
 * until it lapses, but never from the "expired" notice.
 */
export async function windowPage(
  db: D1Database,
  lo: string,
  hi: string,
  now: string,
  after: { notAfter: string; id: string } | null,
  limit: number
) {
  const { results, meta } = await db
    .prepare(
      `SELECT c.id, c.agency_id, c.not_after,
              (SELECT group_concat(n.threshold) FROM notices n WHERE n.certificate_id = c.id) AS told
       FROM certificates c
       WHERE c.not_after >= ?1 AND c.not_after < ?2
         AND (?4 IS NULL OR c.not_after > ?4 OR (c.not_after = ?4 AND c.id > ?5))
         AND c.revoked_at IS NULL AND c.replaced_by_id IS NULL AND c.not_before <= ?3
         AND (c.not_after <= ?3 OR NOT ${beingRenewed('c.id', '?3')})
       ORDER BY c.not_after, c.id LIMIT ?6`
    )
    .bind(lo, hi, now, after?.notAfter ?? null, after?.id ?? null, limit)
    .all<WindowRow>()
  return { rows: results, rowsRead: meta.rows_read ?? 0 }
}

/** Agencies with thresholds of their own. */
export async function agencyThresholds(db: D1Database) {
  const { results } = await db
    .prepare('SELECT id, reminder_days FROM agencies WHERE reminder_days IS NOT NULL')
    .all<{ id: string; reminder_days: string }>()
  return results
}

export interface NewNotice {
  id: string
  certificateId: string
  agencyId: string
  threshold: number
  dueDate: string
  state: 'pending' | 'superseded'
  createdAt: string
}

/** Rows a statement takes as one JSON parameter: a page of notices in a few statements. */
const JSON_ROWS = 1000

/** Inserts notices, a thousand a statement; a (certificate, threshold) pair told before is skipped. */
export function insertNotices(db: D1Database, notices: NewNotice[]) {
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < notices.length; i += JSON_ROWS)
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO notices (id, certificate_id, agency_id, threshold, due_date, state, created_at)
           SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6
           FROM json_each(?1) ORDER BY key`
        )
        .bind(
          JSON.stringify(
            notices
              .slice(i, i + JSON_ROWS)
              .map((n) => [
                n.id,
                n.certificateId,
                n.agencyId,
                n.threshold,
                n.dueDate,
                n.state,
                n.createdAt,
              ])
          )
        )
    )
  return statements
}

/** The agencies that merged or were dissolved, with the agency that took over (if any). */
export async function endedAgencies(db: D1Database) {
  const { results } = await db
    .prepare("SELECT id, successor_id FROM agencies WHERE status <> 'active'")
    .all<{ id: string; successor_id: string | null }>()
  return results
}

/** Agencies with pending notices not yet in a digest. */
export async function agenciesToDigest(db: D1Database) {
  const { results } = await db
    .prepare("SELECT DISTINCT agency_id FROM notices WHERE state = 'pending' AND digest_id IS NULL")
    .all<{ agency_id: string }>()
  return results.map((r) => r.agency_id)
}

/**
 * The statements that make each recipient's digest for a run (once) and put in it the waiting
 * notices of the agencies it speaks for: its own, and those of agencies that merged into it or
 * were dissolved and handed their affairs to it. A thousand recipients a statement, however many
 * agencies a nation has.
 */
export function digestsFor(
  db: D1Database,
  recipients: Map<string, string[]>,
  newDigestId: () => string,
  runDate: string,
  at: string
) {
  const all = [...recipients]
  const pairs = all.flatMap(([recipient, sources]) => sources.map((s) => [s, recipient]))
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < all.length; i += JSON_ROWS)
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO digests (id, kind, agency_id, run_date, created_at)
           SELECT value ->> 0, 'agency', value ->> 1, ?2, ?3 FROM json_each(?1)`
        )
        .bind(
          JSON.stringify(
            all.slice(i, i + JSON_ROWS).map(([recipient]) => [newDigestId(), recipient])
          ),
          runDate,
          at
        )
    )
  for (let i = 0; i < pairs.length; i += JSON_ROWS)
    statements.push(
      db
        .prepare(
          `UPDATE notices SET digest_id = (SELECT d.id FROM digests d
             WHERE d.kind = 'agency' AND d.agency_id = m.value ->> 1 AND d.run_date = ?2)
           FROM json_each(?1) m
           WHERE notices.agency_id = m.value ->> 0 AND notices.state = 'pending' AND notices.digest_id IS NULL`
        )
        .bind(JSON.stringify(pairs.slice(i, i + JSON_ROWS)), runDate)
    )
  return statements
}

/** The department's escalation digest for a run, made once. */
export const escalationDigest = (db: D1Database, id: string, runDate: string, at: string) =>
  db
    .prepare(
      "INSERT OR IGNORE INTO digests (id, kind, agency_id, run_date, created_at) VALUES (?1, 'escalation', NULL, ?2, ?3)"
    )
    .bind(id, runDate, at)

/**
 * Agencies whose certificates are within 7 days of expiry (notAfter before `expiringBefore`) or
 * expired, with notices nobody acknowledged, still current: the department hears of them.
 */
export async function escalations(
  db: D1Database,
  sinceDue: string,
  expiringBefore: string,
  now: string
) {
  const { results } = await db
    .prepare(
      `SELECT a.id, a.code, a.name, count(DISTINCT n.certificate_id) AS n, min(c.not_after) AS soonest
       FROM notices n
       JOIN certificates c ON c.id = n.certificate_id
       JOIN agencies a ON a.id = n.agency_id
       WHERE n.due_date >= ?1 AND c.not_after < ?2 AND n.state IN ('pending', 'sent', 'failed')
         AND c.revoked_at IS NULL AND c.replaced_by_id IS NULL
         AND NOT ${beingRenewed('n.certificate_id', '?3')}
       GROUP BY a.id ORDER BY soonest`
    )
    .bind(sinceDue, expiringBefore, now)
    .all<{ id: string; code: string; name: string; n: number; soonest: string }>()
  return results
}

/** Digests made but not yet on the queue (also those a crashed run left behind). */
export async function unqueuedDigests(db: D1Database) {
  const { results } = await db
    .prepare("SELECT id FROM digests WHERE state = 'new' ORDER BY created_at")
    .all<{ id: string }>()
  return results.map((r) => r.id)
}

/** Marks digests queued (only those still new). */
export const markQueued = (db: D1Database, ids: string[]) =>
  db
    .prepare(
      `UPDATE digests SET state = 'queued' WHERE state = 'new' AND id IN (SELECT value FROM json_each(?1))`
    )
    .bind(JSON.stringify(ids))

export interface DigestRow {
  id: string
  kind: 'agency' | 'escalation'
  agency_id: string | null
  run_date: string
  state: string
  attempts: number
  agency_code: string | null
  agency_name: string | null
  agency_status: string | null
  emails: string | null
  webhook_url: string | null
}

/** A digest with its agency's contact points, or null. */
export function findDigest(db: D1Database, id: string) {
  return db
    .prepare(
      `SELECT d.*, a.code AS agency_code, a.name AS agency_name, a.status AS agency_status, a.emails, a.webhook_url
       FROM digests d LEFT JOIN agencies a ON a.id = d.agency_id WHERE d.id = ?1`
    )
    .bind(id)
    .first<DigestRow>()
}

/**
 * The notices of a digest with what the message says of each, and whether each still needs
 * saying: a reminder not once its certificate is revoked or renewed, nor while an acknowledgement
 * holds (except the "expired" notice, which is always said); a revocation notice always, unless the
 * revocation was corrected away.
 */
export async function digestNotices(db: D1Database, digestId: string, now: string) {
  const { results } = await db
    .prepare(
      `SELECT n.id AS notice_id, n.certificate_id, n.threshold, n.state, c.serial, c.kind, c.not_after, c.revoked_at, c.reason_code,
              h.full_name, d.serial AS device_serial,
              CASE WHEN n.threshold = -2 THEN c.revoked_at IS NULL -- a revocation notice: said unless corrected away
                ELSE (c.revoked_at IS NOT NULL OR c.replaced_by_id IS NOT NULL
                  OR (n.threshold <> -1 AND ${beingRenewed('c.id', '?2')}))
              END AS moot
       FROM notices n
       JOIN certificates c ON c.id = n.certificate_id
       JOIN holders h ON h.id = c.holder_id
       LEFT JOIN devices d ON d.id = c.device_id
       WHERE n.digest_id = ?1`
    )
    .bind(digestId, now)
    .all<{
      notice_id: string
      certificate_id: string
      threshold: number
      state: string
      serial: string
      kind: DigestItem['kind']
      not_after: string
      revoked_at: string | null
      reason_code: number | null
      full_name: string
      device_serial: string | null
      moot: number
    }>()
  return results
}

/** Channel targets that already accepted this digest (a retry skips them: nothing is sent twice). */
export async function acceptedTargets(db: D1Database, digestId: string) {
  const { results } = await db
    .prepare(
      "SELECT channel || ':' || target AS target FROM delivery_attempts WHERE digest_id = ?1 AND outcome = 'accepted'"
    )
    .bind(digestId)
    .all<{ target: string }>()
  return new Set(results.map((r) => r.target))
}

/** Records one delivery attempt. */
export const recordAttempt = (
  db: D1Database,
  a: {
    digestId: string
    channel: 'email' | 'webhook'
    target: string
    at: string
    outcome: 'accepted' | 'failed'
    detail: string | null
  }
) =>
  db
    .prepare(
      'INSERT INTO delivery_attempts (digest_id, channel, target, at, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)'
    )
    .bind(a.digestId, a.channel, a.target, a.at, a.outcome, a.detail)

/** Notices that no longer need saying (revoked, renewed or acknowledged since): never sent. */
export const suppressNotices = (db: D1Database, ids: string[]) =>
  db
    .prepare(
      `UPDATE notices SET state = 'suppressed' WHERE state IN ('pending', 'failed') AND id IN (SELECT value FROM json_each(?1))`
    )
    .bind(JSON.stringify(ids))

/** A channel accepted the digest: its notices are sent. */
export const markNoticesSent = (db: D1Database, digestId: string, at: string) =>
  db
    .prepare(
      "UPDATE notices SET state = 'sent', sent_at = ?2 WHERE digest_id = ?1 AND state IN ('pending', 'failed') RETURNING id"
    )
    .bind(digestId, at)

/** Moves a digest on: attempts counted, and its state when it is settled. */
export const settleDigest = (
  db: D1Database,
  id: string,
  state: 'queued' | 'sent' | 'failed' | 'cancelled',
  at: string
) =>
  db
    .prepare(
      `UPDATE digests SET state = ?2, attempts = attempts + 1, sent_at = CASE WHEN ?2 = 'sent' THEN ?3 ELSE sent_at END WHERE id = ?1 AND state <> 'sent'`
    )
    .bind(id, state, at)

/** Retries ran out: the digest and its unsent notices are failed (and visible as such). */
export const failDigest = (db: D1Database, id: string) => [
  db.prepare("UPDATE digests SET state = 'failed' WHERE id = ?1 AND state <> 'sent'").bind(id),
  db
    .prepare(
      "UPDATE notices SET state = 'failed' WHERE digest_id = ?1 AND state = 'pending' RETURNING id"
    )
    .bind(id),
]

/** Days before an issuing CA's certificate expires when the department is told. */
export const CA_KEY_THRESHOLDS = [90, 30] as const

/** Issuing CA certificates that crossed a threshold at `now` and were not told of yet. */
export function caKeysDueSql() {
  return `SELECT k.id, t.value AS threshold FROM issuer_keys k
    JOIN json_each(?1) t ON k.not_after > ?2 AND k.not_after <= t.value ->> 1
    WHERE NOT EXISTS (SELECT 1 FROM issuer_key_notices n WHERE n.key_id = k.id AND n.threshold = t.value ->> 0)`
}
const bounds = (now: Date) =>
  JSON.stringify(
    CA_KEY_THRESHOLDS.map((t) => [t, new Date(now.getTime() + t * 86_400_000).toISOString()])
  )

/** How many issuing CA certificates the department must be told of today. */
export async function caKeysDue(db: D1Database, now: Date) {
  const { results } = await db.prepare(caKeysDueSql()).bind(bounds(now), now.toISOString()).all()
  return results.length
}

/** Puts the due issuing CA certificates in the day's escalation digest, each threshold once. */
export const noteCaKeys = (db: D1Database, now: Date, runDate: string) =>
  db
    .prepare(
      `INSERT OR IGNORE INTO issuer_key_notices (key_id, threshold, digest_id, created_at)
       SELECT k.id, t.value ->> 0, (SELECT id FROM digests WHERE kind = 'escalation' AND run_date = ?3), ?2
       FROM issuer_keys k JOIN json_each(?1) t ON k.not_after > ?2 AND k.not_after <= t.value ->> 1`
    )
    .bind(bounds(now), now.toISOString(), runDate)

/** The issuing CA certificates an escalation digest tells of (each once, at its nearest threshold). */
export async function caKeysOf(db: D1Database, digestId: string) {
  const { results } = await db
    .prepare(
      `SELECT i.name, k.not_after, k.serial, min(n.threshold) AS threshold FROM issuer_key_notices n
       JOIN issuer_keys k ON k.id = n.key_id JOIN issuers i ON i.id = k.issuer_id
       WHERE n.digest_id = ?1 GROUP BY k.id ORDER BY k.not_after`
    )
    .bind(digestId)
    .all<{ name: string; not_after: string; serial: string | null; threshold: number }>()
  return results
}
