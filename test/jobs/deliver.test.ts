import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import { daysLeft } from '../../src/domain/lifecycle'
import { runExpiryScan } from '../../src/jobs/expiry-scan'
import { signature } from '../../src/notify/webhook'
import { api, count } from '../helpers/api'
import { addDays, morning, plantCertificate } from '../helpers/clock'
import { given } from '../helpers/given'
import { upload } from '../helpers/pki'
import * as email from '../../src/notify/email'

const HOOK = 'https://hooks.soyte.example.gov.vn/registry'
let received: { body: string; headers: Headers; redirect?: string }[] = []
let answers: number[] = []
let queued: { body: { digestId: string } }[] = []

beforeEach(() => {
  received = []
  answers = []
  queued = []
  // The tests play the queue themselves (createMessageBatch), so nothing reaches the real consumer.
  vi.spyOn(env.NOTICES, 'sendBatch').mockImplementation(
    (async (messages: any) => void queued.push(...messages)) as any
  )
  // The agency's webhook receiver is outside the machine: it answers from `answers` (200 when empty).
  const real = globalThis.fetch
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (!url.startsWith(HOOK)) return real(input as any, init)
    received.push({
      body: String(init?.body),
      headers: new Headers(init?.headers),
      redirect: init?.redirect,
    })
    const status = answers.shift() ?? 200
    return new Response('ok', {
      status,
      headers: status >= 300 && status < 400 ? { location: 'http://127.0.0.1:9/steal' } : {},
    })
  })
})
afterEach(() => vi.restoreAllMocks())

let year = 2040
/** An agency with a webhook (and no e-mail), one certificate due, and the day's scan done. */
async function dueDigest(options: { emails?: string[] } = {}) {
  const agency = await given.agency({
    name: 'Sở Y tế',
    webhookUrl: HOOK,
    emails: options.emails ?? [],
  })
  const holder = await given.holder(agency.id, { fullName: 'Trần Thị Bình' })
  const day = morning(`${year++}-03-01`)
  const cert = await plantCertificate(
    { id: holder.id, agencyId: agency.id, fullName: 'Trần Thị Bình' },
    addDays(day, 6.5)
  )
  await runExpiryScan(env, day)
  const digest = await env.DB.prepare(
    "SELECT id FROM digests WHERE agency_id = ?1 AND kind = 'agency'"
  )
    .bind(agency.id)
    .first<{ id: string }>()
  return { agency, cert, digestId: digest!.id, day }
}

async function deliver(digestId: string, attempts = 1, queue = 'cert-registry-notices') {
  const batch = createMessageBatch(queue, [
    { id: `m-${digestId}-${attempts}`, timestamp: new Date(), attempts, body: { digestId } },
  ])
  const ctx = createExecutionContext()
  await (worker.queue as any)(batch, env, ctx)
  return getQueueResult(batch, ctx)
}

const attempts = async (digestId: string) =>
  (
    await env.DB.prepare(
      'SELECT channel, outcome, detail FROM delivery_attempts WHERE digest_id = ?1 ORDER BY id'
    )
      .bind(digestId)
      .all<{ channel: string; outcome: string; detail: string }>()
  ).results

describe('delivering digests', () => {
  it('posts a signed JSON digest to the webhook; retries after failures, and delivers once', async () => {
    const { agency, cert, digestId } = await dueDigest()
    answers = [500, 503]
    expect(await deliver(digestId, 1)).toMatchObject({
      explicitAcks: [],
      retryMessages: [{ msgId: `m-${digestId}-1` }],
    })
    expect(await deliver(digestId, 2)).toMatchObject({
      retryMessages: [{ msgId: `m-${digestId}-2` }],
    })
    expect(await deliver(digestId, 3)).toMatchObject({
      explicitAcks: [`m-${digestId}-3`],
      retryMessages: [],
    })
    expect((await attempts(digestId)).map((a) => `${a.outcome}:${a.detail}`)).toEqual([
      'failed:HTTP 500',
      'failed:HTTP 503',
      'accepted:HTTP 200',
    ])
    // A repeat of the message (at-least-once) sends nothing more.
    expect(await deliver(digestId, 1)).toMatchObject({ explicitAcks: [`m-${digestId}-1`] })
    expect(received).toHaveLength(3)

    const last = received[2]
    const secret = (await api.get(`/api/v1/agencies/${agency.id}/webhook-secret`)).body.secret
    expect(last.headers.get('x-signature')).toBe(await signature(secret, last.body))
    expect(last.headers.get('idempotency-key')).toBe(digestId)
    const payload = JSON.parse(last.body)
    expect(payload).toMatchObject({
      digestId,
      agency: { id: agency.id, name: 'Sở Y tế' },
      notices: [
        {
          certificateId: cert.id,
          holderName: 'Trần Thị Bình',
          threshold: 7,
          daysLeft: daysLeft(cert.notAfter, new Date()),
        },
      ],
    })
    expect(payload.text).toContain('Kính gửi Sở Y tế')
    expect(
      await count('notices', "digest_id = ?1 AND state = 'sent' AND sent_at IS NOT NULL", digestId)
    ).toBe(1)
    expect(
      (await env.DB.prepare('SELECT state FROM digests WHERE id = ?1').bind(digestId).first<any>())
        .state
    ).toBe('sent')
  })

  it('dead-letters a digest whose webhook always fails, and shows it failed', async () => {
    const { agency, digestId } = await dueDigest()
    answers = Array(10).fill(500)
    for (let attempt = 1; attempt <= 6; attempt++)
      expect((await deliver(digestId, attempt)).retryMessages).toHaveLength(1)
    // After max_retries the platform moves the message to the dead-letter queue.
    expect(await deliver(digestId, 1, 'cert-registry-notices-dlq')).toMatchObject({
      explicitAcks: [`m-${digestId}-1`],
    })
    expect(
      (await env.DB.prepare('SELECT state FROM digests WHERE id = ?1').bind(digestId).first<any>())
        .state
    ).toBe('failed')
    const failed = await api.get(`/api/v1/notices?agencyId=${agency.id}&state=failed`)
    expect(failed.body.items).toHaveLength(1)
    // The department is told once for the morning, and /health says so until the next morning.
    const alert = await env.DB.prepare(
      "SELECT key, told_at FROM alerts WHERE key LIKE 'delivery:%' AND closed_at IS NULL"
    ).first<{ key: string; told_at: string | null }>()
    expect(alert?.told_at).toBeTruthy()
    expect((await attempts(digestId)).every((a) => a.outcome === 'failed')).toBe(true)
  })

  it('does not follow a redirect with the signed digest: a 3xx is a failed attempt', async () => {
    const { digestId } = await dueDigest()
    answers = [302]
    expect((await deliver(digestId, 1)).retryMessages).toHaveLength(1)
    expect(received).toHaveLength(1)
    expect(received[0].redirect).toBe('manual')
    expect((await attempts(digestId)).map((a) => a.detail)).toEqual([
      'HTTP 302: redirects are not followed',
    ])
  })

  it('does not send a notice whose certificate was renewed or revoked after the scan', async () => {
    const { cert, digestId } = await dueDigest()
    // The scan's world is years ahead of the clock: the revocation is written as the CA's CRL would.
    await env.DB.prepare(
      'UPDATE certificates SET revoked_at = not_before, reason_code = 3 WHERE id = ?1'
    )
      .bind(cert.id)
      .run()
    expect((await deliver(digestId)).explicitAcks).toHaveLength(1)
    expect(received).toHaveLength(0)
    expect(
      (await env.DB.prepare('SELECT state FROM digests WHERE id = ?1').bind(digestId).first<any>())
        .state
    ).toBe('cancelled')
    expect(await count('notices', "digest_id = ?1 AND state = 'suppressed'", digestId)).toBe(1)
  })

  it('also e-mails every address of the agency, and on retry sends only to the targets that failed', async () => {
    const { digestId } = await dueDigest({
      emails: ['vanthu@soyte.example.gov.vn', 'cntt@soyte.example.gov.vn'],
    })
    answers = [500]
    await deliver(digestId, 1)
    await deliver(digestId, 2)
    const log = await attempts(digestId)
    expect(log.filter((a) => a.channel === 'email').map((a) => a.outcome)).toEqual([
      'accepted',
      'accepted',
    ])
    expect(log.filter((a) => a.channel === 'webhook').map((a) => a.outcome)).toEqual([
      'failed',
      'accepted',
    ])
  })

  it('tells the agency of a revocation once, in the next digest, whoever revoked it', async () => {
    const agency = await given.agency({ name: 'Sở Tư pháp', webhookUrl: HOOK, emails: [] })
    const holder = await given.holder(agency.id, { fullName: 'Lê Văn Cường' })
    const cert = await given.certificate(holder.id)
    const revoked = await api.post(`/api/v1/certificates/${cert.id}/revoke`, { reasonCode: 3 })
    expect(revoked.status).toBe(200)
    const notices = await api.get(`/api/v1/notices?certificateId=${cert.id}`)
    expect(notices.body.items).toMatchObject([{ threshold: -2, state: 'pending' }])
    const day = morning(`${year++}-03-01`)
    await runExpiryScan(env, day)
    const digest = await env.DB.prepare(
      "SELECT id FROM digests WHERE agency_id = ?1 AND kind = 'agency'"
    )
      .bind(agency.id)
      .first<{ id: string }>()
    expect(await deliver(digest!.id)).toMatchObject({ explicitAcks: [`m-${digest!.id}-1`] })
    const payload = JSON.parse(received.at(-1)!.body)
    expect(payload.notices).toMatchObject([
      { certificateId: cert.id, threshold: 'revoked', reasonCode: 3 },
    ])
    expect(payload.text).toContain('ĐÃ BỊ THU HỒI')
    expect(payload.text).toContain('Thay đổi vị trí công tác') // the cause of affiliationChanged
    // Corrected away and revoked again: still told once.
    expect(
      (await api.post(`/api/v1/certificates/${cert.id}/correct`, { reason: 'Thu hồi nhầm' })).status
    ).toBe(200)
    expect(
      (await api.post(`/api/v1/certificates/${cert.id}/revoke`, { reasonCode: 3 })).status
    ).toBe(200)
    expect(await count('notices', 'certificate_id = ?1 AND threshold = -2', cert.id)).toBe(1)
  })

  it('puts the day’s digests on the queue once, and the department’s escalation too', async () => {
    const { digestId, day } = await dueDigest()
    const escalation = await env.DB.prepare(
      "SELECT id FROM digests WHERE kind = 'escalation' AND run_date = ?1"
    )
      .bind(day.toISOString().slice(0, 10))
      .first<{ id: string }>()
    expect(queued.map((m) => m.body.digestId).sort()).toEqual([digestId, escalation!.id].sort())
    const again = await runExpiryScan(env, day)
    expect(again.queued).toBe(0)
    expect(queued).toHaveLength(2)
    expect(await count('digests', "state = 'new'")).toBe(0)
  })

  it('tells the department 90 and 30 days before an issuing CA’s certificate expires, once each', async () => {
    const ca = await upload('/api/v1/issuers', 'ec-ca-ca.pem') // valid until 01/01/2039
    expect(ca.status).toBe(201)
    const mails: string[] = []
    vi.spyOn(email, 'sendDigestEmail').mockImplementation(async (_b, _f, _to, subject, text) => {
      mails.push(`${subject}\n${text}`)
      return { accepted: true, detail: 'test' }
    })
    const escalationOf = async (day: Date) =>
      (await env.DB.prepare("SELECT id FROM digests WHERE kind = 'escalation' AND run_date = ?1")
        .bind(day.toISOString().slice(0, 10))
        .first<{ id: string }>())!.id
    const told = () =>
      env.DB.prepare('SELECT threshold FROM issuer_key_notices ORDER BY threshold DESC').all()
    const first = morning('2038-10-10') // 83 days left
    await runExpiryScan(env, first)
    await runExpiryScan(env, first) // the same morning again: nothing new
    expect((await told()).results).toEqual([{ threshold: 90 }])
    await deliver(await escalationOf(first))
    const sent = mails
    expect(sent.join('\n')).toContain('CA phục vụ các cơ quan Nhà nước (thử nghiệm ECDSA)')
    expect(sent.join('\n')).toContain('hết hạn ngày 01/01/2039 (còn 83 ngày)')
    await runExpiryScan(env, morning('2038-11-20')) // 42 days: nothing new
    expect((await told()).results).toHaveLength(1)
    await runExpiryScan(env, morning('2038-12-05')) // 27 days
    expect((await told()).results).toEqual([{ threshold: 90 }, { threshold: 30 }])
  })

  it('tells the department of requests the CA has not answered by their due day', async () => {
    const { agency, certificate } = await given.person()
    const request = await api.post('/api/v1/requests', {
      kind: 'revocation',
      agencyId: agency.id,
      reasonCode: 1,
      cause: 'Mất thiết bị lưu khóa',
      items: [{ certificateId: certificate.id }],
    })
    for (const step of ['file', 'check'])
      expect((await api.post(`/api/v1/requests/${request.body.id}/${step}`)).status).toBe(200)
    // Sent on Friday 13/2/2026; three working days later, across Tết, is Wednesday 25/2.
    const sent = await api.post(`/api/v1/requests/${request.body.id}/send`, {
      channel: 'online',
      sentAt: '2026-02-13T09:00:00+07:00',
    })
    expect(sent.body.dueDay).toBe('2026-02-25')
    const mails: string[] = []
    vi.spyOn(email, 'sendDigestEmail').mockImplementation(async (_b, _f, _to, subject, text) => {
      mails.push(`${subject}\n${text}`)
      return { accepted: true, detail: 'test' }
    })
    const day = morning('2026-02-27')
    await runExpiryScan(env, day)
    const escalation = await env.DB.prepare(
      "SELECT id FROM digests WHERE kind = 'escalation' AND run_date = '2026-02-27'"
    ).first<{ id: string }>()
    expect(escalation).toBeTruthy()
    await deliver(escalation!.id)
    const mail = mails.join('\n')
    expect(mail).toContain('yêu cầu gửi CA quá hạn trả lời')
    expect(mail).toContain(
      `${agency.name} (${agency.code}): yêu cầu thu hồi, gửi ngày 13/02/2026, hạn 25/02/2026`
    )
  })
})
