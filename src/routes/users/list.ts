import { createRoute, z } from '@hono/zod-openapi'
import { User } from '../../../schemas/access'
import { admins } from '../../auth/principal'
import { listUsers } from '../../db/users'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/users',
  tags: ['Access'],
  summary: 'People who sign in through Cloudflare Access, with their role and scope',
  middleware: [admins()] as const,
  responses: {
    200: json(z.object({ items: z.array(User) }), 'Every user, by e-mail'),
    ...problems(401, 403),
  },
})

export const registerListUsers = (api: App) =>
  api.openapi(route, async (c) => c.json({ items: await listUsers(c.env.DB) }, 200))
