import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** The header that carries a D1 session bookmark between a client's requests. */
export const BOOKMARK = 'x-d1-bookmark'
/** The console's cookie for the same, so a page after a change shows the change. */
export const BOOKMARK_COOKIE = 'd1_bookmark'

/**
 * D1 read replication through the Sessions API. Every request runs in a D1 session: a read may be
 * served by the nearest replica ("first-unconstrained"), a write starts at the primary
 * ("first-primary"), and every answer carries the session's bookmark. A client that sends the
 * bookmark back reads at least what it wrote (and what it read) before: sequential consistency
 * for that client. Without one, reads may lag the primary by a moment.
 */
export const d1Sessions = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    // The console keeps its last write's bookmark in a cookie; API clients send the header.
    const sent = c.req.header(BOOKMARK) ?? getCookie(c, BOOKMARK_COOKIE)
    const writes = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)
    const constraint =
      sent && /^[\w.:-]{1,200}$/.test(sent)
        ? sent
        : writes
          ? 'first-primary'
          : 'first-unconstrained'
    const session = c.env.DB.withSession(constraint)
    c.env = { ...c.env, DB: session as unknown as D1Database }
    await next()
    const bookmark = session.getBookmark()
    if (bookmark) c.header(BOOKMARK, bookmark)
  })
