import { cors } from 'hono/cors'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** CORS only where configured (CORS_ORIGINS): the API is for the department's own tools unless opened up. */
export const corsWhereConfigured = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const allowed = c.env.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean)
    if (!allowed.length) return next()
    return cors({
      origin: (origin) => (allowed.includes(origin) ? origin : null),
      allowHeaders: [
        'authorization',
        'content-type',
        'if-match',
        'idempotency-key',
        'x-request-id',
      ],
      exposeHeaders: ['etag', 'location', 'x-request-id', 'retry-after', 'x-d1-bookmark'],
      maxAge: 600,
    })(c, next)
  })
