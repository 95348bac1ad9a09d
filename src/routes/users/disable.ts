import { createRoute } from '@hono/zod-openapi'
import { User } from '../../../schemas/access'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { disableUser, findUser } from '../../db/users'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { json, problems } from '../../http/openapi'
import { notFound, Problem } from '../../lib/problem'

const route = createRoute({
  method: 'delete',
  path: '/users/{id}',
  tags: ['Access'],
  summary: 'Disable a user (their console sessions end with it)',
  middleware: [admins()] as const,
  request: { params: IdParam },
  responses: { 200: json(User, 'The user, disabled'), ...problems(401, 403, 404, 409) },
})

export const registerDisableUser = (api: App) =>
  api.openapi(route, async (c) => {
    const before = await findUser(c.env.DB, c.req.valid('param').id)
    if (!before) throw notFound('user', c.req.valid('param').id)
    if (before.disabledAt) throw new Problem(409, 'user-disabled')
    const now = new Date()
    const after = { ...before, disabledAt: now.toISOString() }
    await commitChange(
      c,
      [disableUser(c.env.DB, before.id, after.disabledAt), changedOrAbort(c.env.DB)],
      [{ action: 'user.disable', entity: 'user', entityId: before.id, before, after }],
      now
    )
    return c.json(after, 200)
  })
