import { createRoute, z } from '@hono/zod-openapi'
import { Expiries } from '../../../schemas/report'
import { readers } from '../../auth/principal'
import { assertVisible, scopeOf } from '../../auth/scope'
import { expiries } from '../../db/reports'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { requireAgency } from '../lookups'

const route = createRoute({
  method: 'get',
  path: '/reports/expiries',
  tags: ['Reports'],
  summary:
    'Certificates expiring per month for the next 12 months, and the agencies with most due in 60 days',
  middleware: [readers()] as const,
  request: { query: z.object({ agencyId: z.string().optional() }) },
  responses: { 200: json(Expiries, 'Expiries'), ...problems(400, 401, 403, 404) },
})

export const registerExpiries = (api: App) =>
  api.openapi(route, async (c) => {
    const asked = c.req.valid('query').agencyId
    if (asked) await assertVisible(c, 'agency', asked, (await requireAgency(c.env.DB, asked)).id)
    return c.json(await expiries(c.env.DB, new Date(), asked ?? scopeOf(c.get('principal'))), 200)
  })
