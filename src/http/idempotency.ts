import { createMiddleware } from 'hono/factory'
import { findAnswer } from '../db/idempotency'
import type { AppEnv } from '../env'
import { Problem } from '../lib/problem'
import { sha256Hex } from '../lib/secrets'

/**
 * Idempotent creates: a request that repeats an Idempotency-Key with the same body gets the first
 * answer again (and nothing is written twice); the same key with another body is a 422. The
 * first answer is stored by `commitChange` in the same batch as the record it created.
 */
export const idempotency = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key')
    if (key === undefined) return next()
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw new Problem(400, 'invalid-idempotency-key')
    const fingerprint = await sha256Hex(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
    const stored = await findAnswer(c.env.DB, c.get('principal').id, key)
    if (!stored) {
      c.set('idempotency', { key, fingerprint })
      return next()
    }
    if (stored.fingerprint !== fingerprint) throw new Problem(422, 'idempotency-key-reused')
    return c.body(stored.body, stored.status as 200, {
      'content-type': 'application/json',
      'idempotent-replayed': 'true',
    })
  })
