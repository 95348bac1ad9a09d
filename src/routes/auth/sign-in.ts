import { createRoute } from '@hono/zod-openapi'
import { Session, SignIn } from '../../../schemas/access'
import { bearerPrincipal, localAdminAllowed } from '../../auth/principal'
import { rateLimit } from '../../auth/rate-limit'
import { openSession, sessionAnswer } from '../../auth/session'
import type { App } from '../../env'
import { recordEvent } from '../../lib/change'
import { json, jsonBody, problems } from '../../lib/openapi'
import { Problem } from '../../lib/problem'

const route = createRoute({
  method: 'post',
  path: '/session',
  tags: ['Access'],
  summary: 'Sign in to the console with an API key (sets the session cookie)',
  description:
    'Limited to 10 attempts a minute per client; every attempt, failed or not, is audited.',
  middleware: [rateLimit('SIGNIN_LIMITER')] as const,
  request: { body: jsonBody(SignIn) },
  responses: {
    200: json(Session, 'Signed in: the principal and its CSRF token'),
    ...problems(400, 401, 422, 429),
  },
})

export const registerSignIn = (api: App) =>
  api.openapi(route, async (c) => {
    const { apiKey } = c.req.valid('json')
    const principal = await bearerPrincipal(c.env, apiKey)
    if (!principal) {
      // Only a short prefix of what was typed is kept: enough to spot a pattern, not a secret.
      await recordEvent(
        c,
        {
          action: 'auth.sign-in-failed',
          entity: 'session',
          entityId: apiKey.slice(0, 6),
          before: null,
          after: null,
        },
        new Date()
      )
      throw new Problem(401, 'invalid-credentials')
    }
    const via = principal.id === 'local-admin' && localAdminAllowed(c.env) ? 'local' : 'key'
    const csrfToken = await openSession(c, principal, via)
    return c.json(sessionAnswer(principal, csrfToken), 200)
  })
