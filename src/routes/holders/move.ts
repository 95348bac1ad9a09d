import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Departure, MoveRequest } from '../../../schemas/holder'
import { admins } from '../../auth/principal'
import { agencyRefusal } from '../../domain/agency'
import { holderRefusal } from '../../domain/holder'
import { enforce, firstOf } from '../../domain/refusal'
import type { App } from '../../env'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { referencedAgency, requireHolder } from '../lookups'
import { depart } from './departure'

const route = createRoute({
  method: 'post',
  path: '/holders/{id}/move',
  tags: ['Holders'],
  summary: 'A holder moves to another agency of the registry (chuyển công tác)',
  description:
    'The holder continues in the new agency; its active personal certificates name the old one and are answered as to revoke (3 affiliationChanged; revoked in the same step with revokeCertificates), with the devices to take back.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(MoveRequest) },
  responses: {
    200: json(Departure, 'The holder, and what the move leaves to do'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerMove = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireHolder(db, c.req.valid('param').id)
    const input = c.req.valid('json')
    const agency = await referencedAgency(db, 'agencyId', input.agencyId)
    enforce(firstOf(holderRefusal(before, 'id'), agencyRefusal(agency)))
    const { body, etag } = await depart(c, before, { ...input, status: 'in_post' }, 'holder.move')
    return c.json(body, 200, { ETag: etag })
  })
