import { createRoute } from '@hono/zod-openapi'
import { Session, SignIn } from '../../../schemas/access'
import { bearerPrincipal, localAdminAllowed } from '../../auth/principal'
import { rateLimit } from '../../auth/rate-limit'
import { openSession, sessionAnswer } from '../../auth/session'
import type { App } from '../../env'
import { countFailedSignIn } from '../../db/sessions'
import { count } from '../../lib/metrics'
import { clientKey } from '../../lib/net'
import { vnYmd } from '../../lib/time'
import { json, jsonBody, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'

const route = createRoute({
  method: 'post',
  path: '/session',
  tags: ['Access'],
  summary: 'Sign in to the console with an API key (sets the session cookie)',
  description:
    'Limited to 10 attempts a minute per client. A sign-in is audited; failed ones are counted per day and client (GET /reports/activity), not appended to the audit log.',
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
      // Counted per day and client (the rate limit bounds them), never kept as audit entries.
      const now = new Date()
      const address = c.req.header('cf-connecting-ip')
      await countFailedSignIn(
        c.env.DB,
        vnYmd(now),
        (address && clientKey(address)) || 'local',
        now.toISOString()
      ).run()
      count(c.env, 'auth.failed', 1)
      throw new Problem(401, 'invalid-credentials')
    }
    const via = principal.id === 'local-admin' && localAdminAllowed(c.env) ? 'local' : 'key'
    const csrfToken = await openSession(c, principal, via)
    return c.json(sessionAnswer(principal, csrfToken), 200)
  })
