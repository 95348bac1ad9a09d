import { createRoute, z } from '@hono/zod-openapi'
import { CertificateListQuery } from '../../../schemas/certificate'
import { readers } from '../../auth/principal'
import { scopeOf } from '../../auth/scope'
import { moreThan } from '../../db/exports'
import type { App } from '../../env'
import { csvLine, csvResponse } from '../../lib/csv'
import { Problem } from '../../lib/problem'
import { CERTIFICATE_COLUMNS, certificateCsv } from './certificate-lines'
import { problems } from '../../http/openapi'
import { auditPersonalRead } from '../../http/personal-data'

/** A download streams at most this many rows: more is the export job's work (POST). */
export const STREAM_ROWS = 100_000

const route = createRoute({
  method: 'get',
  path: '/exports/certificates.csv',
  tags: ['Import and export'],
  summary: 'The certificate list as CSV (same filters as the list), streamed',
  description:
    'UTF-8 with BOM, Vietnamese headers, the columns POST /imports/certificates reads; times as dd/mm/yyyy HH:mm:ss (Vietnam). CCCD masked except for admins. Up to 100,000 rows stream at once; more (a whole national registry) is refused before the first byte (409): POST /exports/certificates starts the export job instead.',
  middleware: [readers()] as const,
  request: { query: CertificateListQuery.omit({ cursor: true, limit: true }) },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...problems(400, 401, 403, 409),
  },
})

export const registerCertificateExport = (api: App) =>
  api.openapi(route, async (c) => {
    const query = c.req.valid('query')
    const principal = c.get('principal')
    const reader = { admin: principal.role === 'admin', scope: scopeOf(principal) }
    const now = new Date()
    // Known before the first byte: a download is never cut off midway without the client knowing.
    if (await moreThan(c.env.DB, { ...query, limit: 1, scope: reader.scope }, now, STREAM_ROWS))
      throw new Problem(409, 'export-too-large', { limit: STREAM_ROWS })
    // The department's export carries CCCD numbers whole: that read is recorded first.
    await auditPersonalRead(c, 'export', [`certificates.csv${new URL(c.req.url).search}`])
    return csvResponse(
      `chung-thu-so-${now.toISOString().slice(0, 10)}.csv`,
      (p) => c.executionCtx.waitUntil(p),
      async (write) => {
        await write(csvLine(CERTIFICATE_COLUMNS))
        let cursor: string | undefined
        do {
          const chunk = await certificateCsv(c.env.DB, query, reader, now, cursor, 1)
          await write(chunk.text)
          cursor = chunk.cursor ?? undefined
        } while (cursor)
      }
    )
  })
