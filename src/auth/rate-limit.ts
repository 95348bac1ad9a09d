import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { clientKey } from '../lib/net'
import { Problem } from '../lib/problem'

type Limiter = 'PUBLIC_LIMITER' | 'SIGNIN_LIMITER'

/** Environments where Cloudflare's edge always says who the client is. */
const AT_THE_EDGE = new Set(['staging', 'production'])

/**
 * Limits requests per client with a Workers rate-limit binding (a fixed window of 60 s), keyed by
 * the client address Cloudflare's edge puts in CF-Connecting-IP (clients cannot set it there): an
 * IPv4 address, or an IPv6 /64. At the edge a request without an address is refused, never put in
 * one shared bucket; locally (no edge) the header is taken as it is, or one local client.
 */
export const rateLimit = (limiter: Limiter) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const address = c.req.header('cf-connecting-ip')
    const edge = AT_THE_EDGE.has(c.env.ENVIRONMENT)
    const client = (address && clientKey(address)) || (edge ? null : (address ?? 'local'))
    if (!client) throw new Problem(400, 'no-client-address')
    const { success } = await c.env[limiter].limit({ key: `${limiter}:${client}` })
    if (!success) throw new Problem(429, 'rate-limited', {}, undefined, { 'Retry-After': '60' })
    return next()
  })
