import { createRoute } from '@hono/zod-openapi'
import { CertificateListQuery } from '../../../schemas/certificate'
import { readers } from '../../auth/principal'
import { scopeOf } from '../../auth/scope'
import { moreThan } from '../../db/exports'
import type { App } from '../../env'
import { problems } from '../../http/openapi'
import { auditPersonalRead } from '../../http/personal-data'
import { Problem } from '../../lib/problem'
import { writeXlsx, XLSX_TYPE } from '../../lib/xlsx'
import { CERTIFICATE_COLUMNS, certificateRows } from './certificate-lines'

/**
 * A workbook is built whole in memory before it is sent (a ZIP cannot be streamed row by row
 * here): at most this many rows (a 20,000-row sheet needed some 100 MB of heap to write, too
 * close to an isolate's 128 MB shared by its requests); the CSV streams up to 100,000 and the
 * export job takes the rest.
 */
export const WORKBOOK_ROWS = 10_000

const route = createRoute({
  method: 'get',
  path: '/exports/certificates.xlsx',
  tags: ['Import and export'],
  summary: 'The certificate list as an Excel workbook (same filters and columns as the CSV)',
  description:
    'One sheet, Vietnamese headers, every cell text (a CCCD keeps its leading zero; dates dd/mm/yyyy HH:mm:ss, Vietnam time): the columns POST /imports/certificates reads, so the workbook imports back unchanged. CCCD masked except for admins. Up to 10,000 rows; more is refused before any is read (409): use the CSV or the export job.',
  middleware: [readers()] as const,
  request: { query: CertificateListQuery.omit({ cursor: true, limit: true }) },
  responses: {
    200: {
      description: 'The workbook',
      content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
    },
    ...problems(400, 401, 403, 409),
  },
})

export const registerCertificateWorkbook = (api: App) =>
  api.openapi(route, async (c) => {
    const query = c.req.valid('query')
    const principal = c.get('principal')
    const reader = { admin: principal.role === 'admin', scope: scopeOf(principal) }
    const now = new Date()
    if (await moreThan(c.env.DB, { ...query, limit: 1, scope: reader.scope }, now, WORKBOOK_ROWS))
      throw new Problem(409, 'export-too-large', { limit: WORKBOOK_ROWS })
    await auditPersonalRead(c, 'export', [`certificates.xlsx${new URL(c.req.url).search}`])
    const rows: (string | number | null)[][] = []
    let cursor: string | undefined
    do {
      const chunk = await certificateRows(c.env.DB, query, reader, now, cursor, 1)
      rows.push(...chunk.rows)
      cursor = chunk.cursor ?? undefined
    } while (cursor)
    const bytes = await writeXlsx('Chứng thư số', CERTIFICATE_COLUMNS, rows)
    return c.body(bytes, 200, {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="chung-thu-so-${now.toISOString().slice(0, 10)}.xlsx"`,
    })
  })
