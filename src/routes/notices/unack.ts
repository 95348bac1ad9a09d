import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Notice } from '../../../schemas/notice'
import { requireRole } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { findNotice, unacknowledge } from '../../db/notice-list'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { json, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { visibleNotice } from './lookup'

const route = createRoute({
  method: 'delete',
  path: '/notices/{id}/ack',
  tags: ['Reminders'],
  summary: 'Withdraw the acknowledgement: reminders for the certificate resume with the next scan',
  middleware: [requireRole('admin', 'officer')] as const,
  request: { params: IdParam },
  responses: {
    200: json(Notice, 'The notice, no longer acknowledged'),
    ...problems(401, 403, 404, 409),
  },
})

export const registerUnacknowledge = (api: App) =>
  api.openapi(route, async (c) => {
    const before = await visibleNotice(c, c.req.valid('param').id)
    if (!before.acknowledged) throw new Problem(409, 'not-acknowledged')
    const now = new Date()
    await commitChange(
      c,
      [unacknowledge(c.env.DB, before.certificateId), changedOrAbort(c.env.DB)],
      [
        {
          action: 'notice.unack',
          entity: 'certificate',
          entityId: before.certificateId,
          before: { notice: before.id, acknowledged: before.acknowledged },
          after: { notice: before.id, acknowledged: null },
        },
      ],
      now
    )
    return c.json((await findNotice(c.env.DB, before.id))!, 200)
  })
