import { createRoute, z } from '@hono/zod-openapi'
import { Issuer } from '../../../schemas/issuer'
import { readers } from '../../auth/principal'
import { listIssuers, publicIssuer } from '../../db/issuers'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/issuers',
  tags: ['Issuers and CRLs'],
  summary: 'The issuing CAs: their names, aliases and keys',
  middleware: [readers()] as const,
  responses: {
    200: json(z.object({ items: z.array(Issuer) }), 'Every issuer'),
    ...problems(401, 403),
  },
})

export const registerListIssuers = (api: App) =>
  api.openapi(route, async (c) => {
    const items = (await listIssuers(c.env.DB)).map(publicIssuer)
    return c.json({ items }, 200)
  })
