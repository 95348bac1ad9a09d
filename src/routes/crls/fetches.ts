import { createRoute, z } from '@hono/zod-openapi'
import { CrlFetch } from '../../../schemas/crl'
import { readers } from '../../auth/principal'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/crls/fetches',
  tags: ['Issuers and CRLs'],
  summary: 'The scheduled CRL fetch attempts, newest first: ok, not modified, or failed and why',
  middleware: [readers()] as const,
  request: {
    query: z.object({
      issuerId: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(CrlFetch) }), 'Fetch attempts'),
    ...problems(400, 401, 403),
  },
})

export const registerListCrlFetches = (api: App) =>
  api.openapi(route, async (c) => {
    const { issuerId, limit } = c.req.valid('query')
    const { results } = await c.env.DB.prepare(
      `SELECT id, issuer_id AS issuerId, url, at, outcome, detail, crl_id AS crlId, ms FROM crl_fetches
       WHERE ?1 IS NULL OR issuer_id = ?1 ORDER BY id DESC LIMIT ?2`
    )
      .bind(issuerId ?? null, limit)
      .all<CrlFetch>()
    return c.json({ items: results }, 200)
  })
