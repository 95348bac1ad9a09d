import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** What a client may send as its own request id: kept beside ours, never instead of it. */
const CLIENT_ID = /^[\w.:-]{1,64}$/

/**
 * Every request gets an id made here (a UUID): it goes into the audit log, the logs and every
 * answer (X-Request-Id). A client's own X-Request-Id is not trusted into the audit log; when it is
 * well-formed it is kept apart (`clientRequestId`, logged) so a caller can still find its request.
 */
export const requestId = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const id = crypto.randomUUID()
    c.set('requestId', id)
    const sent = c.req.header('x-request-id')
    if (sent && CLIENT_ID.test(sent)) c.set('clientRequestId', sent)
    c.header('X-Request-Id', id)
    await next()
  })
