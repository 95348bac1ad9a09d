import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * One structured line per request (Workers Logs indexes JSON): request id, method, the route's
 * pattern, status, duration and principal id. Never the path's values or the query string, which
 * may hold a serial or a CCCD, never a body or a token.
 */
export const requestLog = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = Date.now()
    await next()
    console.log(
      JSON.stringify({
        level: c.res.status >= 500 ? 'error' : 'info',
        message: 'request',
        requestId: c.get('requestId'),
        clientRequestId: c.get('clientRequestId'),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Date.now() - started,
        principal: c.get('principal')?.id ?? 'public',
      })
    )
  })
