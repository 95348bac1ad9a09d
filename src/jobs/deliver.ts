import {
  acceptedTargets,
  caKeysOf,
  digestNotices,
  escalations,
  failDigest,
  findDigest,
  markNoticesSent,
  recordAttempt,
  settleDigest,
  suppressNotices,
} from '../db/notices'
import { composeDigest, composeEscalation, sendByDay } from '../domain/digest'
import { workingCalendar } from '../db/requests'
import { overdueRequests } from '../db/requests'
import { ackDays, atTheEdge } from '../lib/config'
import { count } from '../lib/metrics'
import { vnDayNumber, vnYmd } from '../lib/time'
import { raiseAlert } from '../notify/alert'
import { sendDigestEmail } from '../notify/email'
import { postWebhook, webhookSecret } from '../notify/webhook'
import { escalationWindow, type DigestMessage } from './expiry-scan'

type Outcome = 'done' | 'retry'

/** Where a digest goes: each address of the agency (or the department), and the agency's webhook. */
interface Target {
  channel: 'email' | 'webhook'
  target: string
}

const split = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)

/**
 * Delivers one digest, at least once and never twice to the same place: a digest already sent is
 * skipped, and so is every channel target that accepted it on an earlier attempt. Notices are
 * "sent" once any channel accepted them; the digest is sent when every target did. Notices whose
 * certificate was revoked, renewed or acknowledged since the scan are suppressed, not sent.
 */
export async function deliverDigest(env: Env, digestId: string, now: Date): Promise<Outcome> {
  const db = env.DB
  const at = now.toISOString()
  const digest = await findDigest(db, digestId)
  if (!digest || digest.state === 'sent' || digest.state === 'cancelled') return 'done'

  let message: { subject: string; text: string; payload: unknown }
  let targets: Target[]
  if (digest.kind === 'agency') {
    const notices = await digestNotices(db, digestId, at)
    const moot = notices.filter((n) => n.moot && n.state !== 'sent').map((n) => n.notice_id)
    if (moot.length) await suppressNotices(db, moot).run()
    const live = notices.filter((n) => !n.moot || n.state === 'sent')
    if (!live.length) {
      await settleDigest(db, digestId, 'cancelled', at).run()
      return 'done'
    }
    const today = vnDayNumber(now)
    // "Send the request before" counts working days: the holidays, and the department's entries.
    const calendar = await workingCalendar(db)
    message = composeDigest({
      digestId,
      runDate: digest.run_date,
      agency: { id: digest.agency_id!, code: digest.agency_code!, name: digest.agency_name! },
      consoleUrl: env.PUBLIC_URL?.replace(/\/+$/, '') || undefined,
      ackDays: ackDays(env),
      items: live.map((n) => ({
        noticeId: n.notice_id,
        certificateId: n.certificate_id,
        threshold: n.threshold,
        serial: n.serial,
        kind: n.kind,
        holderName: n.full_name,
        deviceSerial: n.device_serial,
        notAfter: n.not_after,
        daysLeft: vnDayNumber(new Date(n.not_after)) - today,
        revokedAt: n.revoked_at,
        reasonCode: n.reason_code,
        sendBy: sendByDay(calendar, n.not_after, vnYmd(now)),
      })),
    })
    // An agency dissolved with no one to take over its affairs: the department hears instead.
    targets =
      digest.agency_status !== 'active'
        ? split(env.DEPARTMENT_EMAIL).map((target) => ({ channel: 'email' as const, target }))
        : [
            ...(JSON.parse(digest.emails ?? '[]') as string[]).map((target) => ({
              channel: 'email' as const,
              target,
            })),
            ...(digest.webhook_url
              ? [{ channel: 'webhook' as const, target: digest.webhook_url }]
              : []),
          ]
  } else {
    const today = vnDayNumber(now)
    const lines = await escalations(db, ...escalationWindow(now, await workingCalendar(db)), at)
    const caKeys = await caKeysOf(db, digestId)
    const late = await overdueRequests(db, digest.run_date)
    message = composeEscalation(
      digestId,
      digest.run_date,
      lines.map((l) => ({
        agency: { id: l.id, code: l.code, name: l.name },
        count: l.n,
        soonest: vnDayNumber(new Date(l.soonest)) - today,
      })),
      caKeys.map((k) => ({
        name: k.name,
        serial: k.serial,
        notAfter: k.not_after,
        // Counted from the morning it was due, however late the delivery.
        daysLeft:
          vnDayNumber(new Date(k.not_after)) -
          vnDayNumber(new Date(`${digest.run_date}T00:00:00+07:00`)),
      })),
      late.map((r) => ({
        agency: { code: r.agency_code, name: r.agency_name },
        kind: r.kind,
        sentAt: r.sent_at,
        dueDay: r.due_day,
      }))
    )
    targets = split(env.DEPARTMENT_EMAIL).map((target) => ({ channel: 'email' as const, target }))
  }

  const done = await acceptedTargets(db, digestId)
  const body = JSON.stringify(message.payload)
  let accepted = done.size > 0
  for (const { channel, target } of targets) {
    if (done.has(`${channel}:${target}`)) continue
    const result =
      channel === 'email'
        ? env.EMAIL
          ? await sendDigestEmail(
              env.EMAIL,
              env.EMAIL_FROM,
              target,
              message.subject,
              message.text,
              digestId
            )
          : { accepted: false, detail: 'no send_email binding configured' }
        : await postWebhook(
            target,
            body,
            await webhookSecret(env.WEBHOOK_SIGNING_KEY, digest.agency_id!),
            digestId,
            atTheEdge(env)
          )
    await recordAttempt(db, {
      digestId,
      channel,
      target,
      at,
      outcome: result.accepted ? 'accepted' : 'failed',
      detail: result.detail,
    }).run()
    if (result.accepted) done.add(`${channel}:${target}`)
    accepted ||= result.accepted
  }
  if (accepted)
    count(env, 'notice.sent', (await markNoticesSent(db, digestId, at).run()).results.length)
  const complete = targets.length > 0 && targets.every((t) => done.has(`${t.channel}:${t.target}`))
  await settleDigest(db, digestId, complete ? 'sent' : 'queued', at).run()
  return complete ? 'done' : 'retry'
}

/** 30 s, 1, 2, 4, 8 … minutes, at most an hour: a receiver that is down gets time to recover. */
export const backoffSeconds = (attempts: number) =>
  Math.min(30 * 2 ** Math.max(attempts - 1, 0), 3600)

/** The NOTICES consumer: each message one digest; failures retry with backoff, then dead-letter. */
export async function deliverBatch(batch: MessageBatch<DigestMessage>, env: Env, now = new Date()) {
  for (const message of batch.messages) {
    try {
      const outcome = await deliverDigest(env, message.body.digestId, now)
      if (outcome === 'done') message.ack()
      else message.retry({ delaySeconds: backoffSeconds(message.attempts) })
    } catch (error) {
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'digest delivery failed',
          digestId: message.body.digestId,
          error: String((error as Error)?.message ?? error),
        })
      )
      message.retry({ delaySeconds: backoffSeconds(message.attempts) })
    }
  }
}

/** The dead-letter consumer: a digest whose retries ran out is marked failed, visibly. */
export async function deadLetterBatch(batch: MessageBatch<DigestMessage>, env: Env) {
  const now = new Date()
  for (const message of batch.messages) {
    const [, notices] = await env.DB.batch(failDigest(env.DB, message.body.digestId))
    count(env, 'notice.failed', notices.results.length)
    console.error(
      JSON.stringify({
        level: 'warn',
        message: 'digest dead-lettered',
        digestId: message.body.digestId,
      })
    )
    const digest = await findDigest(env.DB, message.body.digestId)
    // One incident a morning, however many digests of it could not be delivered.
    await raiseAlert(
      env,
      {
        key: `delivery:${digest?.run_date ?? vnYmd(now)}`,
        kind: 'delivery',
        subject: 'Bản tin nhắc hạn không gửi được',
        detail: [
          `Bản tin ${message.body.digestId}${digest?.agency_name ? ` gửi ${digest.agency_name}` : ''} không gửi được sau mọi lần thử; các thông báo trong đó được ghi "thất bại".`,
          'Kiểm tra địa chỉ e-mail, webhook của cơ quan và cấu hình gửi thư (README, Triển khai).',
          '',
          '--- English ---',
          `Digest ${message.body.digestId} could not be delivered after every retry; its notices are marked failed.`,
        ].join('\n'),
      },
      now
    )
    message.ack()
  }
}
