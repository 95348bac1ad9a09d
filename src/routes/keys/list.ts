import { createRoute, z } from '@hono/zod-openapi'
import { ApiKey } from '../../../schemas/access'
import { admins } from '../../auth/principal'
import { listKeys } from '../../db/keys'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/keys',
  tags: ['Access'],
  summary: 'List API keys (never the keys themselves)',
  middleware: [admins()] as const,
  responses: {
    200: json(z.object({ items: z.array(ApiKey) }), 'Every key, newest first'),
    ...problems(401, 403),
  },
})

export const registerListKeys = (api: App) =>
  api.openapi(route, async (c) => c.json({ items: await listKeys(c.env.DB) }, 200))
