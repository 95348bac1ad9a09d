import { createRoute, z } from '@hono/zod-openapi'
import { Issuer } from '../../../schemas/crl'
import { readers } from '../../auth/principal'
import { listIssuers } from '../../db/crls'
import type { App } from '../../env'
import { json, problems } from '../../lib/openapi'

const route = createRoute({
  method: 'get',
  path: '/issuers',
  tags: ['CRLs'],
  summary: 'The issuing CAs whose CRLs the registry accepts',
  middleware: [readers()] as const,
  responses: {
    200: json(z.object({ items: z.array(Issuer) }), 'Every issuer'),
    ...problems(401, 403),
  },
})

export const registerListIssuers = (api: App) =>
  api.openapi(route, async (c) => c.json({ items: await listIssuers(c.env.DB) }, 200))
