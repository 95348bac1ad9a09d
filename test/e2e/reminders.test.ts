import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

const base = inject('baseUrl')
const token = inject('adminToken')
const api = async (method: string, path: string, body?: unknown): Promise<any> => {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  return res.json()
}

// The agency's webhook receiver: a real HTTP server on loopback.
const received: { headers: IncomingMessage['headers']; body: string }[] = []
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    received.push({ headers: req.headers, body })
    res.writeHead(204).end()
  })
})
let hook = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
})
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))

describe('the morning schedule, end to end', () => {
  it('runs the cron, queues the digest and delivers it to the webhook, signed', async () => {
    const agency = await api('POST', '/api/v1/agencies', {
      code: `E2E.${Date.now()}`,
      name: 'Phòng Thử nghiệm nhắc hạn',
      kind: 'unit',
      webhookUrl: hook,
    })
    const holder = await api('POST', '/api/v1/holders', {
      kind: 'person',
      fullName: 'Lý Thu Hà',
      agencyId: agency.id,
    })
    const cert = await api('POST', '/api/v1/certificates', {
      kind: 'personal',
      serial: `E2E${Date.now().toString(16)}`,
      issuer: 'CN=CA,C=VN',
      subject: 'CN=Lý Thu Hà',
      holderId: holder.id,
      notBefore: new Date(Date.now() - 300 * 86_400_000).toISOString(),
      notAfter: new Date(Date.now() + 5.5 * 86_400_000).toISOString(),
    })
    const { secret } = await api('GET', `/api/v1/agencies/${agency.id}/webhook-secret`)

    const cron = await fetch(
      `${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('0 1 * * *')}`
    )
    expect(cron.status).toBe(200)

    const deadline = Date.now() + 45_000
    let delivery: (typeof received)[number] | undefined
    while (!delivery && Date.now() < deadline) {
      delivery = received.find((r) => r.body.includes(cert.id))
      if (!delivery) await new Promise((r) => setTimeout(r, 250))
    }
    expect(delivery, 'the digest reached the webhook').toBeDefined()
    const expected = `sha256=${createHmac('sha256', secret).update(delivery!.body).digest('hex')}`
    expect(delivery!.headers['x-signature']).toBe(expected)
    const payload = JSON.parse(delivery!.body)
    expect(payload).toMatchObject({
      agency: { id: agency.id },
      notices: [{ certificateId: cert.id }],
    })
    // 5 days left: "7", or "1" on the eve of a long holiday (reminders go out on working days).
    const threshold = payload.notices[0].threshold
    expect([7, 1]).toContain(threshold)
    // The notice is marked sent once the receiver's answer is back.
    let notice: any
    for (let i = 0; i < 40 && notice?.state !== 'sent'; i++) {
      if (i) await new Promise((r) => setTimeout(r, 250))
      notice = (await api('GET', `/api/v1/notices?certificateId=${cert.id}&threshold=${threshold}`))
        .items[0]
    }
    expect(notice).toMatchObject({ threshold, state: 'sent' })
  })
})
