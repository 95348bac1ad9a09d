import { createRoute } from '@hono/zod-openapi'
import { ApiKey } from '../../../schemas/access'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { findKey, revokeKey } from '../../db/keys'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { json, problems } from '../../http/openapi'
import { notFound, Problem } from '../../lib/problem'

const route = createRoute({
  method: 'delete',
  path: '/keys/{id}',
  tags: ['Access'],
  summary: 'Revoke an API key (its console sessions end with it)',
  middleware: [admins()] as const,
  request: { params: IdParam },
  responses: { 200: json(ApiKey, 'The key, revoked'), ...problems(401, 403, 404, 409) },
})

export const registerRevokeKey = (api: App) =>
  api.openapi(route, async (c) => {
    const before = await findKey(c.env.DB, c.req.valid('param').id)
    if (!before) throw notFound('key', c.req.valid('param').id)
    if (before.revokedAt) throw new Problem(409, 'key-revoked')
    const now = new Date()
    const after = { ...before, revokedAt: now.toISOString() }
    await commitChange(
      c,
      [revokeKey(c.env.DB, before.id, after.revokedAt), changedOrAbort(c.env.DB)],
      [{ action: 'key.revoke', entity: 'key', entityId: before.id, before, after }],
      now
    )
    return c.json(after, 200)
  })
