import { createRoute, type z } from '@hono/zod-openapi'
import { BatchAnswer, BatchCheck, FileAnswer } from '../../../schemas/status'
import { rateLimit } from '../../auth/rate-limit'
import { recordsBySerial, recordsBySerials } from '../../db/status'
import { withoutIds } from '../../domain/masking'
import { languageOf, statusAnswer, type StatusRecord } from '../../domain/status'
import type { App } from '../../env'
import { problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { fileContent, readUpload } from '../../http/upload'
import { count } from '../../lib/metrics'
import { MAX_CERTIFICATE_BYTES, readCertificate } from '../../lib/x509'
import { mismatchVerdict, sameCertificate } from './same-certificate'
import { caContexts, readIssuers } from './ca'
import { pickRecord } from './pick'

const route = createRoute({
  method: 'post',
  path: '/status/check',
  tags: ['Status'],
  summary: 'Public: the status of up to 1,000 serials, or of a certificate file',
  description:
    'JSON `{ "serials": [...] }` answers each serial (an ambiguous one names its issuers). A certificate file (PEM or DER, raw or as the `file` field of a form, at most 16 KiB) answers for that very file: the registered record\'s status only when the file is the registered certificate (the same SHA-256 fingerprint, or, where none is on record, a signature that verifies with a registered key of its issuer); otherwise `mismatch`, never good, with what was read from the file.',
  security: [],
  middleware: [rateLimit('PUBLIC_LIMITER')] as const,
  request: {
    body: {
      required: false, // several media types: each is validated only when it is the one sent
      description: 'A JSON list of serials, or a certificate file',
      content: { 'application/json': { schema: BatchCheck }, ...fileContent() },
    },
  },
  responses: {
    200: {
      description: 'Answers',
      content: { 'application/json': { schema: BatchAnswer.or(FileAnswer) } },
    },
    ...problems(400, 413, 422, 429),
  },
})

export const registerStatusCheck = (api: App) =>
  api.openapi(route, async (c) => {
    const now = new Date()
    const lang = languageOf(c.req.header('accept-language'))
    const headers = { 'Content-Language': lang, 'Cache-Control': 'no-store' }
    if ((c.req.header('content-type') ?? '').startsWith('application/json')) {
      const { serials, at } = c.req.valid('json') as z.infer<typeof BatchCheck>
      const asked = serials.map((item) =>
        typeof item === 'string' ? { serial: item, issuer: undefined } : item
      )
      const [records, issuers] = await Promise.all([
        recordsBySerials(
          c.env.DB,
          asked.map((a) => a.serial)
        ),
        readIssuers(c.env.DB),
      ])
      type Picked = { serial: string; issuer?: string; record: StatusRecord | null }
      const picked = asked.map(
        ({ serial, issuer }): Picked | { serial: string; ambiguous: string[] } => {
          try {
            return { serial, issuer, record: pickRecord(records, serial, issuer, issuers) }
          } catch (error) {
            if (!(error instanceof Problem)) throw error
            return { serial, ambiguous: error.extra!.issuers as string[] }
          }
        }
      )
      const answerable = picked.filter((p): p is Picked => 'record' in p)
      const found = await caContexts(c.env.DB, issuers, answerable)
      const contexts = new Map(answerable.map((p, i) => [p, found[i]]))
      const items = picked.map((p) =>
        'record' in p
          ? statusAnswer(p.serial, p.record, now, lang, at, contexts.get(p))
          : { serial: p.serial, error: { code: 'issuer-required' as const, issuers: p.ambiguous } }
      )
      return c.json({ items }, 200, headers)
    }
    const file = await readCertificate(await readUpload(c, MAX_CERTIFICATE_BYTES))
    const [records, issuers] = await Promise.all([
      recordsBySerial(c.env.DB, file.serial),
      readIssuers(c.env.DB),
    ])
    const record = pickRecord(records, file.serial, file.issuer, issuers)
    const { serial, issuer, subject, notBefore, notAfter, fingerprint } = file
    const read = { serial, issuer, subject, notBefore, notAfter, fingerprint }
    const proof = record ? await sameCertificate(c.env.DB, record, file) : null
    const [ca] = await caContexts(c.env.DB, issuers, [{ serial, issuer, record }])
    const answer = statusAnswer(file.serial, record, now, lang, undefined, ca)
    count(c.env, 'status.lookup', 1, proof?.same === false ? 'mismatch' : answer.status)
    // Another file under a registered serial (or a forgery) is never answered as the registered one.
    const body =
      proof && !proof.same
        ? {
            ...statusAnswer(file.serial, null, now, lang, undefined, { issuer: ca.issuer }),
            status: 'mismatch' as const,
            registered: true,
            verdict: mismatchVerdict(lang),
            issuer: file.issuer,
            subject: withoutIds(file.subject),
          }
        : answer
    return c.json(
      {
        ...body,
        fingerprintMatches: proof?.fingerprint ?? null,
        signatureVerified: proof?.signature ?? null,
        file: { ...read, subject: withoutIds(read.subject) },
      },
      200,
      headers
    )
  })
