import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { deleteSession, insertSession } from '../db/sessions'
import type { AppEnv, Principal } from '../env'
import { commitChange } from '../http/change'
import { randomToken, sha256Hex } from '../lib/secrets'
import { localCredential, SESSION_COOKIE } from './principal'

const SESSION_HOURS = 8

/**
 * Opens a console session for `principal`: a random token in an HttpOnly, Secure, SameSite=Strict
 * cookie (only its hash is stored) and a CSRF token for state-changing requests. Audited.
 */
export async function openSession(
  c: Context<AppEnv>,
  principal: Principal,
  via: 'key' | 'access' | 'local'
) {
  const now = new Date()
  const token = randomToken('rs', 32)
  const csrf = randomToken('csrf', 24)
  c.set('principal', principal)
  await commitChange(
    c,
    [
      insertSession(c.env.DB, {
        id: await sha256Hex(token),
        keyId: via === 'key' ? principal.id : null,
        userId: via === 'access' ? principal.id : null,
        local: via === 'local',
        credential: via === 'local' ? await localCredential(c.env) : null,
        csrf,
        at: now,
        hours: SESSION_HOURS,
      }),
    ],
    [
      {
        action: 'auth.sign-in',
        entity: 'session',
        entityId: principal.id,
        before: null,
        after: { via, role: principal.role },
      },
    ],
    now
  )
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  })
  return csrf
}

/** Ends the current console session (and sweeps expired ones). */
export async function closeSession(c: Context<AppEnv>) {
  const session = c.get('session')
  const now = new Date()
  if (session)
    await commitChange(
      c,
      [deleteSession(c.env.DB, session.id, now)],
      [
        {
          action: 'auth.sign-out',
          entity: 'session',
          entityId: c.get('principal').id,
          before: null,
          after: null,
        },
      ],
      now
    )
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true })
}

/** The session answer: who is signed in, and the CSRF token the console sends with changes. */
export const sessionAnswer = (p: Principal, csrfToken: string) => ({
  principal: { id: p.id, role: p.role, agencyId: p.agencyId ?? null, name: p.name },
  csrfToken,
})
