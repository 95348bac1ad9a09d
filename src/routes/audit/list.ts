import { createRoute, z } from '@hono/zod-openapi'
import { AuditEntry, AuditQuery } from '../../../schemas/access'
import { auditors } from '../../auth/principal'
import { auditPage } from '../../db/audit'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['Audit'],
  summary: 'The audit log, newest first (by entity, record, principal, action, time)',
  description:
    'Append-only: no route changes or deletes an entry. Personal data in before/after is masked.',
  middleware: [auditors()] as const,
  request: { query: AuditQuery },
  responses: {
    200: json(
      z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }),
      'A page of entries'
    ),
    ...problems(400, 401, 403),
  },
})

const parsed = (text: string | null) => (text === null ? null : JSON.parse(text))

export const registerListAudit = (api: App) =>
  api.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const iso = (t?: string) => (t ? new Date(t).toISOString() : undefined)
    const page = await auditPage(c.env.DB, { ...q, from: iso(q.from), to: iso(q.to) })
    return c.json(
      {
        items: page.entries.map((e) => ({
          seq: e.seq,
          at: e.at,
          principal: e.principal,
          action: e.action,
          entity: e.entity,
          entityId: e.entityId,
          before: parsed(e.before),
          after: parsed(e.after),
          requestId: e.requestId,
          hash: e.hash,
        })),
        nextCursor: page.nextCursor,
      },
      200
    )
  })
