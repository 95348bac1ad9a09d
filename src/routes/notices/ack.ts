import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { AckRequest, Notice } from '../../../schemas/notice'
import { requireRole } from '../../auth/principal'
import { acknowledge, findNotice } from '../../db/notice-list'
import type { App } from '../../env'
import { changedOrAbort } from '../../db/batch'
import { commitChange } from '../../http/change'
import { ackDays } from '../../lib/config'
import { json, jsonBody, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { visibleNotice } from './lookup'

const route = createRoute({
  method: 'post',
  path: '/notices/{id}/ack',
  tags: ['Reminders'],
  summary:
    'Acknowledge: the certificate is being renewed; reminders pause until it lapses (ACK_DAYS) or is withdrawn',
  description:
    'Admins, and officers of the agency that has the certificate now (and its parents). The "expired" notice is never held back; when the acknowledgement lapses, reminders and escalation resume.',
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
    const now = new Date()
    if (before.acknowledged && before.acknowledged.until > now.toISOString())
      throw new Problem(409, 'already-acknowledged', { at: before.acknowledged.at })
    const until = new Date(now.getTime() + ackDays(c.env) * 86_400_000).toISOString()
    const note = c.req.valid('json').note ?? null
    const by = c.get('principal').id
    try {
      await commitChange(
        c,
        [
          acknowledge(
            c.env.DB,
            before.certificateId,
            before.id,
            by,
            now.toISOString(),
            until,
            note
          ),
          changedOrAbort(c.env.DB),
        ],
        [
          {
            action: 'notice.ack',
            entity: 'certificate',
            entityId: before.certificateId,
            before: { notice: before.id, acknowledged: null },
            after: { notice: before.id, acknowledged: { by, until, note } },
          },
        ],
        now,
        { onGuard: () => new Problem(409, 'already-acknowledged', { at: now.toISOString() }) }
      )
    } catch (error) {
      if (String(error).includes('certificate_acks'))
        throw new Problem(409, 'already-acknowledged', { at: now.toISOString() })
      throw error
    }
    return c.json((await findNotice(c.env.DB, before.id))!, 200)
  })
