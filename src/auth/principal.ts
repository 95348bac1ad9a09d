import { createMiddleware } from 'hono/factory'
import type { AppEnv, Principal, Role } from '../env'
import { Problem } from '../lib/problem'

const PUBLIC: Principal = { id: 'public', role: 'public' }

/** Compares two secrets in time independent of where they differ. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all(
    [a, b].map(
      async (s) =>
        new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))
    )
  )
  let diff = 0
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i]
  return diff === 0
}

/**
 * Resolves the principal from `Authorization: Bearer …`. The local ADMIN_TOKEN is an admin for
 * local runs only: it is refused when the Worker runs with ENVIRONMENT=production. A bearer token
 * that matches nothing is a 401, not a silent fall-back to public.
 */
export const principal = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization')
    if (!header) {
      c.set('principal', PUBLIC)
      return next()
    }
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    const local = c.env.ENVIRONMENT !== 'production' && c.env.ADMIN_TOKEN
    if (token && local && (await sameSecret(token, c.env.ADMIN_TOKEN))) {
      c.set('principal', { id: 'local-admin', role: 'admin' })
      return next()
    }
    throw new Problem(
      401,
      'invalid-credentials',
      'The credentials sent are not valid.',
      undefined,
      {
        'WWW-Authenticate': 'Bearer realm="cert-registry"',
      }
    )
  })

/** Lets the request through only for the given roles; the public gets 401, others 403. */
export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { role } = c.get('principal')
    if (roles.includes(role)) return next()
    if (role === 'public')
      throw new Problem(
        401,
        'not-signed-in',
        'Sign in or send an API key (Authorization: Bearer …).',
        undefined,
        {
          'WWW-Authenticate': 'Bearer realm="cert-registry"',
        }
      )
    throw new Problem(403, 'forbidden', `The ${role} role may not do this.`)
  })

/** Anyone signed in may read (officers are narrowed to their subtree by the access rules). */
export const readers = () => requireRole('admin', 'officer', 'auditor')
/** Writes are the department's. */
export const admins = () => requireRole('admin')
