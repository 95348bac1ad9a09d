import { createRoute, z } from '@hono/zod-openapi'
import { closeSession } from '../../auth/session'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'delete',
  path: '/session',
  tags: ['Access'],
  summary: 'Sign out of the console (ends the session, clears the cookie)',
  responses: { 200: json(z.object({ signedOut: z.boolean() }), 'Signed out'), ...problems(403) },
})

export const registerSignOut = (api: App) =>
  api.openapi(route, async (c) => {
    await closeSession(c)
    return c.json({ signedOut: true }, 200)
  })
