import type { Context, Hono } from 'hono'
import type { AppEnv } from '../../env'
import { pageOf, type ApiAnswer, type Page } from '../kit'
import { keysPage } from '../pages/admin'
import { resolvePick } from '../pick'
import { formAction, namedAsForm, refused, render, saved, type Outcome } from '../respond'

/** An officer's agency, picked by name; admins and auditors have none. */
async function scoped(
  p: Page,
  v: Record<string, string>,
  send: (agencyId: string | null) => Promise<ApiAnswer>
): Promise<Outcome> {
  const agency = v.agency ? await resolvePick(p, 'agency', 'agency', v.agency) : { id: null }
  if ('error' in agency) return { errors: [agency.error] }
  return namedAsForm(await send(agency.id), (path) => (path === 'agencyId' ? 'agency' : path))
}

/** Access keys and Access users: create with a role (and an officer's agency), revoke, disable. */
export function registerAccessPages(app: Hono<AppEnv>) {
  const page = (c: Context<AppEnv>) => pageOf(app, c)
  app.get('/console/keys', async (c) => {
    const p = page(c)
    return render(c, await keysPage(p, undefined, c.req.query('done') ? { message: saved(p) } : {}))
  })
  formAction(app, '/console/keys', {
    name: 'key',
    call: (p, v) =>
      scoped(p, v, (agencyId) => p.api('POST', '/keys', { name: v.name, role: v.role, agencyId })),
    next: (p, answer) => keysPage(p, { secret: answer.body.secret }),
    again: (p, state) => keysPage(p, undefined, state),
  })
  formAction(app, '/console/users', {
    name: 'user',
    call: (p, v) =>
      scoped(p, v, (agencyId) =>
        p.api('POST', '/users', { email: v.email, name: v.name, role: v.role, agencyId })
      ),
    next: () => '/console/keys?done=user',
    again: (p, state) => keysPage(p, undefined, state),
  })
  for (const [path, api] of [
    ['/console/keys/:id/revoke', '/keys'],
    ['/console/users/:id/disable', '/users'],
  ] as const)
    app.post(path, async (c) => {
      const p = page(c)
      const answer = await p.api('DELETE', `${api}/${encodeURIComponent(c.req.param('id'))}`)
      if (answer.status < 300) return c.redirect('/console/keys?done=1', 303)
      return render(c, await keysPage(p, undefined, { message: refused(p, answer) }), 422)
    })
}
