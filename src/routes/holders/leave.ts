import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Departure, LeaveRequest } from '../../../schemas/holder'
import { admins } from '../../auth/principal'
import { holderRefusal } from '../../domain/holder'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { requireHolder } from '../lookups'
import { depart } from './departure'

const route = createRoute({
  method: 'post',
  path: '/holders/{id}/leave',
  tags: ['Holders'],
  summary: 'A holder leaves: transferred out, retired, resigned or deceased',
  description:
    'Records the status and when; answers the active personal certificates to revoke (3 for a transfer, 5 otherwise; revoked in the same step with revokeCertificates) and the devices to take back. A holder who left gets no new certificate or device.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(LeaveRequest) },
  responses: {
    200: json(Departure, 'The holder, and what its departure leaves to do'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerLeave = (api: App) =>
  api.openapi(route, async (c) => {
    const before = await requireHolder(c.env.DB, c.req.valid('param').id)
    const input = c.req.valid('json')
    enforce(holderRefusal(before, 'id'))
    const { body, etag } = await depart(
      c,
      before,
      { ...input, agencyId: before.agencyId },
      'holder.leave'
    )
    return c.json(body, 200, { ETag: etag })
  })
