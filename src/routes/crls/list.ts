import { createRoute, z } from '@hono/zod-openapi'
import { CrlSummary } from '../../../schemas/crl'
import { readers } from '../../auth/principal'
import { listCrls } from '../../db/crls'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/crls',
  tags: ['Issuers and CRLs'],
  summary: 'Imported CRLs, newest first',
  middleware: [readers()] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      issuerId: z.string().optional().openapi({ description: 'Only the CRLs of this issuer' }),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(CrlSummary) }), 'Imported CRLs'),
    ...problems(400, 401, 403),
  },
})

export const registerListCrls = (api: App) =>
  api.openapi(route, async (c) =>
    c.json(
      {
        items: await listCrls(c.env.DB, c.req.valid('query').limit, c.req.valid('query').issuerId),
      },
      200
    )
  )
