import { createRoute, z } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { webhookSecret } from '../../notify/webhook'
import { requireAgency } from '../lookups'

const route = createRoute({
  method: 'get',
  path: '/agencies/{id}/webhook-secret',
  tags: ['Agencies'],
  summary: "The agency's webhook secret, to check X-Signature (HMAC-SHA256 of the body)",
  middleware: [admins()] as const,
  request: { params: IdParam },
  responses: {
    200: json(z.object({ secret: z.string(), header: z.string() }), 'Give it to the agency'),
    ...problems(401, 403, 404),
  },
})

export const registerWebhookSecret = (api: App) =>
  api.openapi(route, async (c) => {
    const agency = await requireAgency(c.env.DB, c.req.valid('param').id)
    return c.json(
      {
        secret: await webhookSecret(c.env.WEBHOOK_SIGNING_KEY, agency.id),
        header: 'X-Signature: sha256=<hex HMAC-SHA256 of the raw body>',
      },
      200
    )
  })
