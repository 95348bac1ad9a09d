import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { Problem } from '../lib/problem'

const KiB = 1024
const MiB = 1024 * KiB

/**
 * How large a body each route takes, first match wins: a spreadsheet (100,000 rows is about
 * 20 MiB), a CRL (a national CA's can be some MiB), a signed document (20 MiB), the public page's form (a certificate file
 * is under 16 KiB), and 1 MiB for everything else (JSON, the console's forms). No route reads an
 * unbounded body into memory.
 */
const LIMITS: [RegExp, number][] = [
  [/^\/(api\/v1\/imports\/|console\/import)/, 32 * MiB],
  [/^\/(api\/v1\/crls|console\/issuers)/, 20 * MiB],
  // A signed document (20 MiB) with a detached signature's content, as a form.
  [/^\/(api\/v1\/documents\/verify|documents)$/, 21 * MiB],
  // A request's attachment (10 MiB) as a form.
  [/^\/api\/v1\/requests\/[^/]+\/attachments$/, 11 * MiB],
  [/^\/$/, 64 * KiB],
]
const DEFAULT_LIMIT = MiB

/** The limit for a path. */
export const limitFor = (path: string) =>
  LIMITS.find(([pattern]) => pattern.test(path))?.[1] ?? DEFAULT_LIMIT

const limiters = new Map<number, ReturnType<typeof bodyLimit>>()
const limiter = (maxSize: number) => {
  if (!limiters.has(maxSize))
    limiters.set(
      maxSize,
      bodyLimit({
        maxSize,
        onError: () => {
          throw new Problem(413, 'body-too-large', { limit: maxSize / KiB })
        },
      })
    )
  return limiters.get(maxSize)!
}

/** A 413 for a body over its route's limit, on every route, HTML forms included. */
export const bodyLimits = () =>
  createMiddleware<AppEnv>(async (c, next) =>
    ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)
      ? next()
      : limiter(limitFor(c.req.path))(c, next)
  )
