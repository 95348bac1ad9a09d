import { createRoute } from '@hono/zod-openapi'
import { Session } from '../../../schemas/access'
import { readers } from '../../auth/principal'
import { sessionAnswer } from '../../auth/session'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/session',
  tags: ['Access'],
  summary: 'Who is signed in, and the CSRF token for state-changing requests',
  middleware: [readers()] as const,
  responses: { 200: json(Session, 'The current principal'), ...problems(401) },
})

export const registerCurrentSession = (api: App) =>
  api.openapi(route, async (c) => {
    const p = c.get('principal')
    return c.json(sessionAnswer(p, c.get('session')?.csrf ?? ''), 200)
  })
