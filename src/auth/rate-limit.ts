import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { Problem } from '../lib/problem'

type Limiter = 'PUBLIC_LIMITER' | 'SIGNIN_LIMITER'

/**
 * Limits requests per client with a Workers rate-limit binding (a fixed window of 60 s), keyed by
 * the client address Cloudflare's edge puts in CF-Connecting-IP (clients cannot set it there).
 */
export const rateLimit = (limiter: Limiter) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = `${limiter}:${c.req.header('cf-connecting-ip') ?? 'unknown'}`
    const { success } = await c.env[limiter].limit({ key })
    if (!success) throw new Problem(429, 'rate-limited', {}, undefined, { 'Retry-After': '60' })
    return next()
  })
