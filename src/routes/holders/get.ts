import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Holder } from '../../../schemas/holder'
import { readers } from '../../auth/principal'
import { assertVisible } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { etag } from '../../http/versions'
import { requireHolder } from '../lookups'
import { auditPersonalRead } from '../../http/personal-data'
import { presentHolder } from './present'

const route = createRoute({
  method: 'get',
  path: '/holders/{id}',
  tags: ['Holders'],
  summary: 'One holder',
  middleware: [readers()] as const,
  request: { params: IdParam },
  responses: {
    200: json(Holder, 'The holder; CCCD masked except for admins'),
    ...problems(401, 403, 404),
  },
})

export const registerGetHolder = (api: App) =>
  api.openapi(route, async (c) => {
    const holder = await requireHolder(c.env.DB, c.req.valid('param').id)
    await assertVisible(c, 'holder', holder.id, holder.agencyId)
    if (holder.nationalId) await auditPersonalRead(c, 'holder', [holder.id])
    return c.json(presentHolder(holder, c.get('principal')), 200, { ETag: etag(holder.version) })
  })
