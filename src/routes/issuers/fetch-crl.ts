import { createRoute, z } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { CrlFetch } from '../../../schemas/crl'
import { admins } from '../../auth/principal'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { fetchIssuer, reviewIncidents } from '../../jobs/crl-fetch'
import { Problem } from '../../lib/problem'
import { requireIssuer } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/issuers/{id}/fetch-crl',
  tags: ['Issuers and CRLs'],
  summary: "Fetch the issuer's CRL now from its distribution points, as the hourly schedule does",
  middleware: [admins()] as const,
  request: { params: IdParam },
  responses: {
    200: json(
      z.object({ attempts: z.array(CrlFetch.omit({ id: true, at: true })) }),
      'Each attempt: imported, not modified, or failed and why'
    ),
    ...problems(401, 403, 404, 409),
  },
})

export const registerFetchIssuerCrl = (api: App) =>
  api.openapi(route, async (c) => {
    const issuer = await requireIssuer(c.env.DB, c.req.valid('param').id)
    if (!issuer.crlUrls.length)
      throw new Problem(409, 'issuer-without-crl-urls', { name: issuer.name })
    const now = new Date()
    const attempts = await fetchIssuer(c.env, issuer, now, c.get('principal').id)
    await reviewIncidents(c.env, now)
    return c.json({ attempts }, 200)
  })
