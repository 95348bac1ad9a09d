import { createRoute, z } from '@hono/zod-openapi'
import { CertificateListQuery } from '../../../schemas/certificate'
import { Job } from '../../../schemas/job'
import { admins } from '../../auth/principal'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { auditPersonalRead } from '../../http/personal-data'
import { Problem } from '../../lib/problem'
import { exportPrefix } from '../../workflows/export'

const start = createRoute({
  method: 'post',
  path: '/exports/certificates',
  tags: ['Import and export'],
  summary: 'Export the certificate list of any size as a job (a whole national registry included)',
  description:
    'The same columns and filters as GET /exports/certificates.csv, written by the ExportWorkflow to R2 in durable steps; follow GET /jobs/{id}, then download GET /jobs/{id}/file. For the department (CCCD whole, and the read audited).',
  middleware: [admins()] as const,
  request: { query: CertificateListQuery.omit({ cursor: true, limit: true }) },
  responses: { 202: json(Job, 'Started'), ...problems(400, 401, 403) },
})

const file = createRoute({
  method: 'get',
  path: '/jobs/{id}/file',
  tags: ['Import and export'],
  summary: 'The file an export job wrote (CSV, UTF-8 with BOM)',
  middleware: [admins()] as const,
  request: { params: z.object({ id: z.string().regex(/^export-[\w.-]{1,80}$/) }) },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...problems(401, 403, 404, 409),
  },
})

export function registerExportJobs(api: App) {
  api.openapi(start, async (c) => {
    const now = new Date()
    const id = `export-${now.toISOString().slice(0, 10)}-${now.getTime()}`
    await auditPersonalRead(c, 'export', [id])
    await c.env.EXPORT_WORKFLOW.create({
      id,
      params: {
        query: c.req.valid('query'),
        reader: { admin: true, scope: undefined },
        at: now.toISOString(),
      },
    })
    return c.json({ id, kind: 'export' as const, status: 'queued' }, 202, {
      Location: `/api/v1/jobs/${id}`,
    })
  })

  api.openapi(file, async (c) => {
    const { id } = c.req.valid('param')
    const done = (await (await c.env.BACKUPS.get(`${exportPrefix(id)}done.json`))?.json()) as
      { parts: string[]; rows: number; at: string } | undefined
    if (!done) {
      if (!(await c.env.BACKUPS.head(`${exportPrefix(id)}00000.csv`)))
        throw new Problem(404, 'job-not-found', { id })
      throw new Problem(409, 'export-not-ready', { id })
    }
    // The parts one after the other, read as they are sent: memory stays one part's worth.
    const bucket = c.env.BACKUPS
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const key of done.parts) {
          const part = await bucket.get(key)
          if (!part) return controller.error(new Error(`${key} is missing`))
          const reader = part.body.getReader()
          for (;;) {
            const { done: end, value } = await reader.read()
            if (end) break
            controller.enqueue(value)
          }
        }
        controller.close()
      },
    })
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="chung-thu-so-${done.at.slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      },
    })
  })
}
