import { describe, expect, it } from 'vitest'
import { env } from 'cloudflare:test'
import { ADMIN, api, fetchWorker } from '../helpers/api'
import { given } from '../helpers/given'

const SCRIPT = '<script>alert(1)</script>'
const deep = (n: number): unknown => (n ? { a: deep(n - 1) } : 'x')
const FIELDS = [
  'code',
  'name',
  'kind',
  'parentId',
  'emails',
  'fullName',
  'nationalId',
  'agencyId',
  'holderId',
  'serial',
  'issuer',
  'subject',
  'notBefore',
  'notAfter',
  'reasonCode',
  'note',
  'status',
  'model',
  'apiKey',
  'role',
  'serials',
  'successorId',
  'revokedAt',
  'at',
]
const every = (value: unknown) => Object.fromEntries(FIELDS.map((f) => [f, value]))

/** Bodies nobody should send: wrong types, deep nesting, huge, NUL, SQL, script, NFD, numbers at the edge. */
const BODIES: (string | Uint8Array)[] = [
  'null',
  '[]',
  '"text"',
  '12',
  '{',
  '{"a":',
  JSON.stringify(deep(400)),
  JSON.stringify(every(SCRIPT)),
  JSON.stringify(every("' OR 1=1; DROP TABLE certificates; --")),
  JSON.stringify(every('\u0000')),
  JSON.stringify(every('Nguyễn Văn An'.normalize('NFD'))),
  JSON.stringify(every(1e308)),
  JSON.stringify(every(-1)),
  JSON.stringify(every(null)),
  JSON.stringify(every([])),
  JSON.stringify(every({})),
  JSON.stringify({ ...every('x'), extra: true }),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // {"a":"<invalid UTF-8>"}
  JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }), // the issue's 10 MB string
]
/**
 * A cheap fingerprint of everything a change would touch: row counts, versions, the audit head.
 * A failed sign-in is refused and audited by design, so for it the audit head is left out.
 */
const fingerprint = async (withAudit = true) =>
  JSON.stringify(
    await env.DB.prepare(
      `SELECT ${[
        'agencies',
        'holders',
        'certificates',
        'devices',
        'device_assignments',
        'api_keys',
        'users',
        'issuers',
        'crls',
        'notices',
        'certificate_acks',
      ]
        .map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`)
        .join(', ')},
        (SELECT sum(version) FROM certificates) AS cv, (SELECT sum(version) FROM devices) AS dv, (SELECT sum(version) FROM holders) AS hv,
        (SELECT sum(version) FROM agencies) AS av, (SELECT max(seq) FROM audit_log) AS audit, (SELECT count(*) FROM idempotency_keys) AS idem`
    )
      .first()
      .then((row) => (withAudit ? row : { ...row, audit: null }))
  )

const QUERIES = [
  'limit=-1',
  'limit=1e9',
  'cursor=forged',
  `cursor=${btoa('["a"]')}`,
  `q=${encodeURIComponent(SCRIPT)}`,
  `q=${encodeURIComponent('" OR 1=1 NEAR(')}`,
  'status=%00',
  'days=99999999999',
  `agencyId=${encodeURIComponent("' OR '1'='1")}`,
  `at=${encodeURIComponent('2025-02-30')}`,
]

describe('hostile input on every route', () => {
  it('never answers 500, answers problems as problem+json, and a refusal changes nothing', async () => {
    const { agency, holder, certificate } = await given.person()
    const device = await given.device(agency.id)
    const doc = (await api.get('/openapi.json')).body
    const ids: Record<string, string> = { id: certificate.id, serial: certificate.serial }
    const path = (p: string) =>
      p
        .replace('{serial}', ids.serial)
        .replace(/\/(agencies)\/\{id\}/, `/$1/${agency.id}`)
        .replace(/\/(holders)\/\{id\}/, `/$1/${holder.id}`)
        .replace(/\/(devices)\/\{id\}/, `/$1/${device.id}`)
        .replace('{id}', ids.id)
    let tried = 0
    const failures: string[] = []
    for (const [template, operations] of Object.entries<any>(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const url = path(template)
        const attempts: { body?: string | Uint8Array; query?: string }[] =
          method === 'get' ? QUERIES.map((query) => ({ query })) : BODIES.map((body) => ({ body }))
        for (const attempt of attempts) {
          const audited = template !== '/api/v1/session'
          const before = method === 'get' ? null : await fingerprint(audited)
          const res = await fetchWorker(
            `http://registry.test${url}${attempt.query ? `?${attempt.query}` : ''}`,
            {
              method: method.toUpperCase(),
              headers: {
                authorization: `Bearer ${ADMIN}`,
                'content-type': 'application/json',
                'cf-connecting-ip': `fuzz-${tried}`,
              },
              body: attempt.body,
            }
          )
          const text = await res.text()
          tried++
          const where = `${method.toUpperCase()} ${template} ${attempt.query ?? String(attempt.body).slice(0, 40)}`
          if (res.status >= 500) failures.push(`${where}: ${res.status} ${text.slice(0, 200)}`)
          if (
            res.status >= 400 &&
            !res.headers.get('content-type')?.startsWith('application/problem+json')
          )
            failures.push(`${where}: ${res.status} not problem+json`)
          if (res.status >= 400 && before && (await fingerprint(audited)) !== before)
            failures.push(`${where}: refused, yet the database changed`)
          if (text.includes(SCRIPT)) failures.push(`${where}: the script came back verbatim`)
        }
      }
    }
    console.log(`hostile input: ${tried} requests tried`)
    expect(failures.join('\n')).toBe('')
    expect(tried).toBeGreaterThan(500)
  }, 180_000)

  it('never reflects script into an HTML page', async () => {
    const session = await api.post('/api/v1/session', { apiKey: ADMIN })
    const cookie = String(session.headers.get('set-cookie')).split(';')[0]
    for (const page of [
      `/?serial=${encodeURIComponent(SCRIPT)}`,
      `/?serial=AB&issuer=${encodeURIComponent(SCRIPT)}&at=${encodeURIComponent(SCRIPT)}`,
      `/console/certificates?q=${encodeURIComponent(SCRIPT)}&kind=${encodeURIComponent(SCRIPT)}`,
      `/console/devices?q=${encodeURIComponent(SCRIPT)}`,
      `/lang?to=en&back=${encodeURIComponent(`/"><script>`)}`,
    ]) {
      const res = await fetchWorker(`http://registry.test${page}`, { headers: { cookie } })
      const html = await res.text()
      expect(res.status, page).toBeLessThan(500)
      expect(html, page).not.toContain(SCRIPT)
      expect(html, page).not.toContain('<script>alert')
    }
  })
})
