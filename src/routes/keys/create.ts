import { createRoute } from '@hono/zod-openapi'
import { ApiKey, ApiKeyCreate, NewApiKey } from '../../../schemas/access'
import { admins } from '../../auth/principal'
import { insertKey } from '../../db/keys'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { newId } from '../../lib/ids'
import { json, jsonBody, problems } from '../../http/openapi'
import { randomToken, sha256Hex } from '../../lib/secrets'
import { referencedAgency } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/keys',
  tags: ['Access'],
  summary: 'Create an API key: shown once, stored only as a hash',
  middleware: [admins()] as const,
  request: { body: jsonBody(ApiKeyCreate) },
  responses: {
    201: json(NewApiKey, 'The key, with its secret (this once)'),
    ...problems(400, 401, 403, 422),
  },
})

export const registerCreateKey = (api: App) =>
  api.openapi(route, async (c) => {
    const input = c.req.valid('json')
    const now = new Date()
    if (input.agencyId) await referencedAgency(c.env.DB, 'agencyId', input.agencyId)
    const secret = randomToken('crk')
    const key: ApiKey = {
      id: newId('key', now.getTime()),
      name: input.name,
      role: input.role,
      agencyId: input.agencyId ?? null,
      prefix: secret.slice(0, 10),
      createdAt: now.toISOString(),
      createdBy: c.get('principal').id,
      revokedAt: null,
      lastUsedAt: null,
    }
    await commitChange(
      c,
      [insertKey(c.env.DB, key, await sha256Hex(secret))],
      [{ action: 'key.create', entity: 'key', entityId: key.id, before: null, after: key }],
      now
    )
    return c.json({ ...key, secret }, 201)
  })
