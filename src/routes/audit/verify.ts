import { createRoute, z } from '@hono/zod-openapi'
import { AuditVerification } from '../../../schemas/access'
import { auditors } from '../../auth/principal'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { verifyAudit } from '../../jobs/anchor'

const route = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['Audit'],
  summary: 'Verify the audit log against its latest anchor, and name the first break',
  description:
    'Admins and auditors. By default from the latest anchor (kept outside D1, signed) to the head: truncation, a rewritten entry, a re-forged chain and an unknown key are each detected and named. `fromSeq` walks older entries, `limit` a call.',
  middleware: [auditors()] as const,
  request: {
    query: z.object({
      fromSeq: z.coerce.number().int().min(1).optional(),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(20_000)
        .default(10_000)
        .openapi({ description: 'Entries to check in this call' }),
    }),
  },
  responses: {
    200: json(AuditVerification, 'ok, or the first break and why'),
    ...problems(400, 401, 403),
  },
})

export const registerVerifyAudit = (api: App) =>
  api.openapi(route, async (c) => c.json(await verifyAudit(c.env, c.req.valid('query')), 200))
