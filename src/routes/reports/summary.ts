import { createRoute, z } from '@hono/zod-openapi'
import { PeriodQuery, Summary } from '../../../schemas/report'
import { readers } from '../../auth/principal'
import { assertVisible, scopeOf } from '../../auth/scope'
import { summary } from '../../db/reports'
import type { App } from '../../env'
import { json, problems } from '../../lib/openapi'
import { requireAgency } from '../lookups'

const route = createRoute({
  method: 'get',
  path: '/reports/summary',
  tags: ['Reports'],
  summary: 'The figures a department reports: certificates, devices, coverage, notices',
  description:
    'For the whole registry, or an agency and everything below it. Officers get their own subtree.',
  middleware: [readers()] as const,
  request: { query: PeriodQuery.extend({ agencyId: z.string().optional() }) },
  responses: { 200: json(Summary, 'The summary'), ...problems(400, 401, 403, 404) },
})

export const registerSummary = (api: App) =>
  api.openapi(route, async (c) => {
    const { agencyId: asked, from, to } = c.req.valid('query')
    const now = new Date()
    const period = {
      from: from
        ? new Date(from).toISOString()
        : new Date(now.getTime() - 90 * 86_400_000).toISOString(),
      to: to ? new Date(to).toISOString() : now.toISOString(),
    }
    if (asked) await assertVisible(c, 'agency', asked, (await requireAgency(c.env.DB, asked)).id)
    return c.json(await summary(c.env.DB, now, asked ?? scopeOf(c.get('principal')), period), 200)
  })
