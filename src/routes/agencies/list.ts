import { createRoute } from '@hono/zod-openapi'
import { Agency, AgencyListQuery } from '../../../schemas/agency'
import { Page } from '../../../schemas/common'
import { readers } from '../../auth/principal'
import { listAgencies } from '../../db/agencies'
import { scopeOf } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/agencies',
  tags: ['Agencies'],
  summary: 'List agencies (by parent, kind, status, name)',
  middleware: [readers()] as const,
  request: { query: AgencyListQuery },
  responses: { 200: json(Page(Agency), 'A page of agencies, by name'), ...problems(400, 401, 403) },
})

export const registerListAgencies = (api: App) =>
  api.openapi(route, async (c) =>
    c.json(
      await listAgencies(c.env.DB, { ...c.req.valid('query'), scope: scopeOf(c.get('principal')) }),
      200
    )
  )
