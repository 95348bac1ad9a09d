import { createRoute } from '@hono/zod-openapi'
import { AgencyDetail } from '../../../schemas/agency'
import { IdParam } from '../../../schemas/common'
import { readers } from '../../auth/principal'
import { assertVisible } from '../../auth/scope'
import { formerNamesOf } from '../../db/agencies'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { etag } from '../../http/versions'
import { requireAgency } from '../lookups'

const route = createRoute({
  method: 'get',
  path: '/agencies/{id}',
  tags: ['Agencies'],
  summary: 'One agency',
  middleware: [readers()] as const,
  request: { params: IdParam },
  responses: {
    200: json(AgencyDetail, 'The agency with its former names; its ETag is for If-Match'),
    ...problems(401, 403, 404),
  },
})

export const registerGetAgency = (api: App) =>
  api.openapi(route, async (c) => {
    const agency = await requireAgency(c.env.DB, c.req.valid('param').id)
    await assertVisible(c, 'agency', agency.id, agency.id)
    const formerNames = await formerNamesOf(c.env.DB, agency.id)
    return c.json({ ...agency, formerNames }, 200, { ETag: etag(agency.version) })
  })
