import { createRoute, type z } from '@hono/zod-openapi'
import { BatchAnswer, BatchCheck, FileAnswer } from '../../../schemas/status'
import { rateLimit } from '../../auth/rate-limit'
import { recordsBySerial, recordsBySerials } from '../../db/status'
import { languageOf, statusAnswer } from '../../domain/status'
import type { App } from '../../env'
import { problems } from '../../lib/openapi'
import { Problem } from '../../lib/problem'
import { fileContent, readUpload } from '../../lib/upload'
import { readCertificate } from '../../lib/x509'
import { pickRecord } from './pick'

const route = createRoute({
  method: 'post',
  path: '/status/check',
  tags: ['Status'],
  summary: 'Public: the status of up to 1,000 serials, or of a certificate file',
  description:
    'JSON `{ "serials": [...] }` answers each serial (an ambiguous one names its issuers). A certificate file (PEM or DER, raw or as the `file` field of a form) answers the registered record with its issuer and serial, and whether the file is the very certificate on record (fingerprint).',
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
    const file = await readCertificate(await readUpload(c))
    const record = pickRecord(
      await recordsBySerial(c.env.DB, file.serial),
      file.serial,
      file.issuer
    )
    const fingerprint = record
      ? ((
          await c.env.DB.prepare('SELECT fingerprint FROM certificates WHERE id = ?1')
            .bind(record.id)
            .first<{ fingerprint: string | null }>()
        )?.fingerprint ?? null)
      : null
    const { x509: _, ...fileFields } = file
    return c.json(
      {
        ...statusAnswer(file.serial, record, now, lang),
        registered: record !== null,
        fingerprintMatches: fingerprint === null ? null : fingerprint === file.fingerprint,
        file: fileFields,
      },
      200,
      headers
    )
  })
