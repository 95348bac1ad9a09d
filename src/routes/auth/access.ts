import { createRoute } from '@hono/zod-openapi'
import { Session } from '../../../schemas/access'
import { requireRole } from '../../auth/principal'
import { openSession, sessionAnswer } from '../../auth/session'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'

const route = createRoute({
  method: 'post',
  path: '/session/access',
  tags: ['Access'],
  summary: 'Sign in to the console through Cloudflare Access (sets the session cookie)',
  description: 'Needs a valid Cf-Access-Jwt-Assertion whose e-mail is a registered, enabled user.',
  middleware: [requireRole('admin', 'officer', 'auditor')] as const,
  responses: { 200: json(Session, 'Signed in'), ...problems(401, 403) },
})

export const registerAccessSignIn = (api: App) =>
  api.openapi(route, async (c) => {
    const principal = c.get('principal')
    if (!principal.id.startsWith('usr_')) throw new Problem(400, 'not-an-access-identity')
    const csrfToken = await openSession(c, principal, 'access')
    return c.json(sessionAnswer(principal, csrfToken), 200)
  })
