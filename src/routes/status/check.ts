import { createRoute, type z } from '@hono/zod-openapi'
import { BatchAnswer, BatchCheck, FileAnswer } from '../../../schemas/status'
import { rateLimit } from '../../auth/rate-limit'
import { recordsBySerial, recordsBySerials } from '../../db/status'
import { withoutIds } from '../../domain/masking'
import { languageOf, statusAnswer } from '../../domain/status'
import type { App } from '../../env'
import { problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { fileContent, readUpload } from '../../http/upload'
import { count } from '../../lib/metrics'
import { MAX_CERTIFICATE_BYTES, readCertificate } from '../../lib/x509'
import { mismatchVerdict, sameCertificate } from './same-certificate'
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
      const records = await recordsBySerials(
        c.env.DB,
        asked.map((a) => a.serial)
      )
      const items = asked.map(({ serial, issuer }) => {
        try {
          return statusAnswer(serial, pickRecord(records, serial, issuer), now, lang, at)
        } catch (error) {
          if (!(error instanceof Problem)) throw error
          return {
            serial,
            error: { code: 'issuer-required' as const, issuers: error.extra!.issuers as string[] },
          }
        }
      })
      return c.json({ items }, 200, headers)
    }
    const file = await readCertificate(await readUpload(c, MAX_CERTIFICATE_BYTES))
    const record = pickRecord(
      await recordsBySerial(c.env.DB, file.serial),
      file.serial,
      file.issuer
    )
    const { x509: _, ...read } = file
    const proof = record ? await sameCertificate(c.env.DB, record, file) : null
    const answer = statusAnswer(file.serial, record, now, lang)
    count(c.env, 'status.lookup', 1, proof?.same === false ? 'mismatch' : answer.status)
    // Another file under a registered serial (or a forgery) is never answered as the registered one.
    const body =
      proof && !proof.same
        ? {
            ...statusAnswer(file.serial, null, now, lang),
            status: 'mismatch' as const,
            verdict: mismatchVerdict(lang),
            issuer: file.issuer,
            subject: withoutIds(file.subject),
          }
        : answer
    return c.json(
      {
        ...body,
        registered: record !== null,
        fingerprintMatches: proof?.fingerprint ?? null,
        signatureVerified: proof?.signature ?? null,
        file: { ...read, subject: withoutIds(read.subject) },
      },
      200,
      headers
    )
  })
