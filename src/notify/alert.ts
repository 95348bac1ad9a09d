import { atTheEdge } from '../lib/config'
import { sendDigestEmail } from './email'
import { postWebhook, webhookSecret } from './webhook'

/** Something the department must know: what it is about (`key`: one incident), in words. */
export interface Alert {
  key: string
  kind: string
  subject: string
  detail: string
}

const addresses = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)

/**
 * Opens an incident, or keeps the open one up to date, and tells the department once per incident:
 * by e-mail to DEPARTMENT_EMAIL, and to ALERT_WEBHOOK_URL when set (signed like the agencies'
 * webhooks, with the secret of the agency id "department"). An incident that was closed and happens
 * again is a new one. Answers whether the department was told now.
 */
export async function raiseAlert(env: Env, alert: Alert, at: Date): Promise<boolean> {
  const db = env.DB
  const now = at.toISOString()
  const row = await db
    .prepare(
      `INSERT INTO alerts (key, kind, subject, detail, opened_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (key) DO UPDATE SET subject = excluded.subject, detail = excluded.detail,
         opened_at = CASE WHEN alerts.closed_at IS NULL THEN alerts.opened_at ELSE excluded.opened_at END,
         told_at = CASE WHEN alerts.closed_at IS NULL THEN alerts.told_at END,
         closed_at = NULL
       RETURNING opened_at, told_at`
    )
    .bind(alert.key, alert.kind, alert.subject, alert.detail, now)
    .first<{ opened_at: string; told_at: string | null }>()
  const to = addresses(env.DEPARTMENT_EMAIL)
  const hook = env.ALERT_WEBHOOK_URL
  if (row?.told_at || (!to.length && !hook)) return false
  let told = false
  if (hook) {
    const body = JSON.stringify({
      alert: alert.key,
      kind: alert.kind,
      subject: alert.subject,
      detail: alert.detail,
      openedAt: row!.opened_at,
    })
    const id = `alert.${alert.key}.${Date.parse(row!.opened_at)}`
    const secret = await webhookSecret(env.WEBHOOK_SIGNING_KEY, 'department')
    told ||= (await postWebhook(hook, body, secret, id, atTheEdge(env))).accepted
  }
  for (const address of to) {
    const sent = await sendDigestEmail(
      env.EMAIL,
      env.EMAIL_FROM,
      address,
      `[Sổ chứng thư số] ${alert.subject}`,
      alert.detail,
      `alert.${alert.key.replace(/[^\w.-]/g, '_')}.${Date.parse(row!.opened_at)}`
    )
    told ||= sent.accepted
  }
  if (told)
    await db.prepare('UPDATE alerts SET told_at = ?2 WHERE key = ?1').bind(alert.key, now).run()
  return told
}

/** Closes an incident whose cause is gone (nothing when none is open). */
export const closeAlert = (db: D1Database, key: string, at: Date) =>
  db
    .prepare('UPDATE alerts SET closed_at = ?2 WHERE key = ?1 AND closed_at IS NULL')
    .bind(key, at.toISOString())

/** A scheduled job as the department's alerts name it: its incident key, in Vietnamese and English. */
export type Job = readonly [key: string, vi: string, en: string]

export const JOB_NAMES = {
  scan: ['job:expiry-scan', 'quét hạn buổi sáng', 'the morning expiry scan'],
  backup: ['job:backup', 'sao lưu hằng đêm', 'the nightly backup'],
  crlFetch: ['job:crl-fetch', 'tải CRL theo lịch', 'the scheduled CRL fetch'],
  restore: ['job:restore', 'khôi phục từ bản sao lưu', 'the restore from a backup'],
  export: ['job:export', 'xuất toàn bộ sổ ra CSV', 'the whole-registry export'],
} as const satisfies Record<string, Job>

/** The alert of a job that failed: what ran, when, why, and what to do. */
export const jobFailed = (job: Job, at: Date, why: string): Alert => ({
  key: job[0],
  kind: 'job',
  subject: `Lỗi ${job[1]}`,
  detail: [
    `Lần chạy ${job[1]} lúc ${at.toISOString()} bị lỗi: ${why}`,
    'Công việc chạy lại an toàn; nếu lỗi lặp lại, xem nhật ký Workers (Workers Logs).',
    '',
    '--- English ---',
    `The run of ${job[2]} at ${at.toISOString()} failed: ${why}`,
    'It is safe to run again; if it keeps failing, see Workers Logs.',
  ].join('\n'),
})
