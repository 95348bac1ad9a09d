import { createRoute } from '@hono/zod-openapi'
import { User, UserCreate } from '../../../schemas/access'
import { admins } from '../../auth/principal'
import { insertUser } from '../../db/users'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { newId } from '../../lib/ids'
import { json, jsonBody, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { referencedAgency } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/users',
  tags: ['Access'],
  summary: 'Register an Access identity (e-mail) with a role',
  middleware: [admins()] as const,
  request: { body: jsonBody(UserCreate) },
  responses: { 201: json(User, 'The user'), ...problems(400, 401, 403, 409, 422) },
})

export const registerCreateUser = (api: App) =>
  api.openapi(route, async (c) => {
    const input = c.req.valid('json')
    const now = new Date()
    if (input.agencyId) await referencedAgency(c.env.DB, 'agencyId', input.agencyId)
    const user: User = {
      id: newId('usr', now.getTime()),
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      agencyId: input.agencyId ?? null,
      createdAt: now.toISOString(),
      disabledAt: null,
    }
    try {
      await commitChange(
        c,
        [insertUser(c.env.DB, user)],
        [{ action: 'user.create', entity: 'user', entityId: user.id, before: null, after: user }],
        now
      )
    } catch (error) {
      if (String(error).includes('users.email'))
        throw new Problem(409, 'duplicate-email', {}, [{ path: 'email', code: 'duplicate-email' }])
      throw error
    }
    return c.json(user, 201)
  })
