import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { findLiveKey, touchKey } from '../db/keys'
import { findSession } from '../db/sessions'
import { findActiveUser } from '../db/users'
import type { AppEnv, Principal, Role } from '../env'
import { allowedOrigins } from '../http/cors'
import { Problem } from '../lib/problem'
import { sameSecret, sha256Hex } from '../lib/secrets'
import { accessConfigured, accessEmail } from './access'

export const SESSION_COOKIE = 'registry_session'
const PUBLIC: Principal = { id: 'public', role: 'public', name: 'public' }
const LOCAL_ADMIN: Principal = {
  id: 'local-admin',
  role: 'admin',
  name: 'Local admin (ADMIN_TOKEN)',
}

const unauthorized = (code: string) =>
  new Problem(401, code, {}, undefined, { 'WWW-Authenticate': 'Bearer realm="cert-registry"' })

/** The local ADMIN_TOKEN counts only outside production. */
export const localAdminAllowed = (env: Env) =>
  env.ENVIRONMENT !== 'production' && Boolean(env.ADMIN_TOKEN)

/** What a session opened with ADMIN_TOKEN remembers of it: a hash, so rotating the token ends it. */
export const localCredential = (env: Env) => sha256Hex(`local-admin:${env.ADMIN_TOKEN}`)

/** The principal of a Bearer token: the local admin token, or a live API key. */
export async function bearerPrincipal(env: Env, token: string): Promise<Principal | null> {
  if (localAdminAllowed(env) && (await sameSecret(token, env.ADMIN_TOKEN))) return LOCAL_ADMIN
  if (!token.startsWith('crk_')) return null
  const key = await findLiveKey(env.DB, await sha256Hex(token))
  return key && { id: key.id, role: key.role, agencyId: key.agencyId ?? undefined, name: key.name }
}

/** The principal of a Cloudflare Access identity registered in the users table. */
async function accessPrincipal(env: Env, token: string): Promise<Principal> {
  const email = await accessEmail(env, token)
  if (!email) throw unauthorized('invalid-access-token')
  const user = await findActiveUser(env.DB, email)
  if (!user) throw new Problem(403, 'not-registered')
  return { id: user.id, role: user.role, agencyId: user.agencyId ?? undefined, name: user.name }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Resolves who is asking: `Authorization: Bearer` (API key, or ADMIN_TOKEN locally), a Cloudflare
 * Access assertion (when configured), or the console's session cookie. A credential that is sent
 * but not valid is a 401, never a silent fall-back to public. A state-changing request on a
 * session must carry its CSRF token (header `x-csrf-token` or form field `_csrf`).
 */
export const principal = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization')
    if (header) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
      const found = token ? await bearerPrincipal(c.env, token) : null
      if (!found) throw unauthorized('invalid-credentials')
      if (found.id.startsWith('key_'))
        c.executionCtx.waitUntil(touchKey(c.env.DB, found.id, new Date()).run())
      c.set('principal', found)
      return next()
    }
    const assertion = c.req.header('cf-access-jwt-assertion')
    if (assertion && accessConfigured(c.env)) {
      c.set('principal', await accessPrincipal(c.env, assertion))
      // Access's cookie goes along with whatever the browser sends, a form on another site
      // included: a change must come from this site's own pages (or an origin CORS opens).
      if (UNSAFE.has(c.req.method) && crossSite(c.req.raw, c.env))
        throw new Problem(403, 'csrf-token-invalid')
      return next()
    }
    const cookie = getCookie(c, SESSION_COOKIE)
    const found = cookie ? await findSession(c.env.DB, await sha256Hex(cookie), new Date()) : null
    // A session opened with ADMIN_TOKEN lives only while that very token is accepted: not in
    // production, and not once the token was rotated.
    const session =
      found?.local &&
      !(localAdminAllowed(c.env) && found.credential === (await localCredential(c.env)))
        ? null
        : found
    if (!session) {
      c.set('principal', PUBLIC)
      return next()
    }
    c.set('session', { id: session.id, csrf: session.csrf })
    c.set(
      'principal',
      session.local
        ? LOCAL_ADMIN
        : session.key_id
          ? {
              id: session.key_id,
              role: session.key_role as Role,
              agencyId: session.key_agency ?? undefined,
              name: session.key_name!,
            }
          : {
              id: session.user_id!,
              role: session.user_role as Role,
              agencyId: session.user_agency ?? undefined,
              name: session.user_name!,
            }
    )
    if (UNSAFE.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? (await csrfField(c.req.raw.clone()))
      if (!sent || !(await sameSecret(sent, session.csrf)))
        throw new Problem(403, 'csrf-token-invalid')
    }
    return next()
  })

/**
 * Whether a browser sent this request from another site: its Origin is neither this site's nor
 * one CORS_ORIGINS opens, or (without an Origin) its Sec-Fetch-Site says so. A client that is not
 * a browser sends neither.
 */
export function crossSite(request: Request, env: Env): boolean {
  const origin = request.headers.get('origin')
  if (origin) return origin !== new URL(request.url).origin && !allowedOrigins(env).includes(origin)
  const site = request.headers.get('sec-fetch-site')
  return site !== null && site !== 'same-origin' && site !== 'none'
}

/** The `_csrf` field of a form body, if the body is a form. */
async function csrfField(request: Request): Promise<string | null> {
  const type = request.headers.get('content-type') ?? ''
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  )
    return null
  const value = (await request.formData().catch(() => null))?.get('_csrf')
  return typeof value === 'string' ? value : null
}

/** Lets the request through only for the given roles; the public gets 401, others 403. */
export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { role } = c.get('principal')
    if (roles.includes(role)) return next()
    if (role === 'public') throw unauthorized('not-signed-in')
    throw new Problem(403, 'forbidden', { role })
  })

/** Anyone signed in may read (officers are narrowed to their subtree by the scope rules). */
export const readers = () => requireRole('admin', 'officer', 'auditor')
/** Writes are the department's. */
export const admins = () => requireRole('admin')
/** The audit log is for the department and its auditors. */
export const auditors = () => requireRole('admin', 'auditor')
