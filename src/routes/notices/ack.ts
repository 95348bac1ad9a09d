import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { AckRequest, Notice } from '../../../schemas/notice'
import { requireRole } from '../../auth/principal'
import { acknowledge, findNotice } from '../../db/notice-list'
import type { App } from '../../env'
import { commitChange } from '../../lib/change'
import { json, jsonBody, problems } from '../../lib/openapi'
import { Problem } from '../../lib/problem'
import { visibleNotice } from './lookup'

const route = createRoute({
  method: 'post',
  path: '/notices/{id}/ack',
  tags: ['Reminders'],
  summary: 'Acknowledge: the certificate is being renewed; no more notices until withdrawn',
  description: 'Admins, and officers for notices of their agency subtree.',
  middleware: [requireRole('admin', 'officer')] as const,
  request: { params: IdParam, body: jsonBody(AckRequest) },
  responses: {
    200: json(Notice, 'The notice, acknowledged'),
    ...problems(400, 401, 403, 404, 409, 422),
  },
})

export const registerAcknowledge = (api: App) =>
  api.openapi(route, async (c) => {
    const before = await visibleNotice(c, c.req.valid('param').id)
    if (before.acknowledged)
      throw new Problem(
        409,
        'already-acknowledged',
        `The certificate was acknowledged by ${before.acknowledged.by} on ${before.acknowledged.at}.`
      )
    const now = new Date()
    const note = c.req.valid('json').note ?? null
    const by = c.get('principal').id
    try {
      await commitChange(
        c,
        [acknowledge(c.env.DB, before.certificateId, before.id, by, now.toISOString(), note)],
        [
          {
            action: 'notice.ack',
            entity: 'certificate',
            entityId: before.certificateId,
            before: { notice: before.id, acknowledged: null },
            after: { notice: before.id, acknowledged: { by, note } },
          },
        ],
        now
      )
    } catch (error) {
      if (String(error).includes('certificate_acks'))
        throw new Problem(
          409,
          'already-acknowledged',
          'The certificate was acknowledged at the same moment.'
        )
      throw error
    }
    return c.json((await findNotice(c.env.DB, before.id))!, 200)
  })
