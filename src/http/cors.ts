import { cors } from 'hono/cors'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** The origins CORS_ORIGINS opens the API to. */
export const allowedOrigins = (env: Env) =>
  env.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean)

/** CORS only where configured (CORS_ORIGINS): the API is for the department's own tools unless opened up. */
export const corsWhereConfigured = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const allowed = allowedOrigins(c.env)
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
