import { createRoute, z } from '@hono/zod-openapi'
import { PeriodQuery, Summary } from '../../../schemas/report'
import { readers } from '../../auth/principal'
import { assertVisible, scopeOf } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { requireAgency } from '../lookups'
import { keptSummary, sayAge } from './figures'

const route = createRoute({
  method: 'get',
  path: '/reports/summary',
  tags: ['Reports'],
  summary: 'The figures a department reports: certificates, devices, coverage, notices',
  description:
    'For the whole registry, or an agency and everything below it. Officers get their own subtree. ' +
    'Figures are kept while nothing they count changes: up to a minute old they are answered as ' +
    'they are, up to five minutes while newer ones are computed behind the answer (`asOf` says when ' +
    'they were computed, `Age` how long ago); a write in the subtree asked (any write, for the ' +
    "whole registry) makes the next request compute them, and an admin's `Cache-Control: no-cache` always does (anyone else's gets figures at most a minute old).",
  middleware: [readers()] as const,
  request: { query: PeriodQuery.extend({ agencyId: z.string().optional() }) },
  responses: { 200: json(Summary, 'The summary'), ...problems(400, 401, 403, 404) },
})

export const registerSummary = (api: App) =>
  api.openapi(route, async (c) => {
    const { agencyId: asked, ...period } = c.req.valid('query')
    if (asked) await assertVisible(c, 'agency', asked, (await requireAgency(c.env.DB, asked)).id)
    const now = new Date()
    const figures = await keptSummary(c, now, asked ?? scopeOf(c.get('principal')), period)
    sayAge(c, now, figures.asOf)
    return c.json(figures, 200)
  })
