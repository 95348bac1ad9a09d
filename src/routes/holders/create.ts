import { createRoute } from '@hono/zod-openapi'
import { Holder, HolderCreate } from '../../../schemas/holder'
import { admins } from '../../auth/principal'
import { insertHolder } from '../../db/holders'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { idempotency } from '../../http/idempotency'
import { newId } from '../../lib/ids'
import { IdempotencyKey, json, jsonBody, problems } from '../../http/openapi'
import { etag } from '../../http/versions'
import { referencedAgency } from '../lookups'
import { agencyRefusal } from '../../domain/agency'
import { enforce } from '../../domain/refusal'

const route = createRoute({
  method: 'post',
  path: '/holders',
  tags: ['Holders'],
  summary: 'Register a holder (an official, or an agency as the subject of its seal certificate)',
  middleware: [admins(), idempotency()] as const,
  request: { headers: IdempotencyKey, body: jsonBody(HolderCreate) },
  responses: { 201: json(Holder, 'The new holder'), ...problems(400, 401, 403, 409, 413, 422) },
})

export const registerCreateHolder = (api: App) =>
  api.openapi(route, async (c) => {
    const input = c.req.valid('json')
    const now = new Date()
    enforce(agencyRefusal(await referencedAgency(c.env.DB, 'agencyId', input.agencyId)))
    const holder: Holder = {
      id: newId('hld', now.getTime()),
      kind: input.kind,
      fullName: input.fullName,
      nationalId: input.nationalId ?? null,
      position: input.position ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      agencyId: input.agencyId,
      status: 'in_post',
      leftAt: null,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }
    await commitChange(
      c,
      [insertHolder(c.env.DB, holder)],
      [
        {
          action: 'holder.create',
          entity: 'holder',
          entityId: holder.id,
          before: null,
          after: holder,
        },
      ],
      now,
      { answer: { status: 201, body: holder } }
    )
    return c.json(holder, 201, {
      ETag: etag(holder.version),
      Location: `/api/v1/holders/${holder.id}`,
    })
  })
