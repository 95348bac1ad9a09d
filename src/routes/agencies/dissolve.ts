import { createRoute } from '@hono/zod-openapi'
import { DissolveRequest } from '../../../schemas/agency'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import {
  endAgency,
  guardActive,
  guardEmpty,
  guardOutside,
  remainsOf,
} from '../../db/reorganisations'
import { agencyRefusal, dissolutionRefusal } from '../../domain/agency'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { checkIfMatch, lostRace } from '../../http/versions'
import { requireAgency } from '../lookups'
import { receivingAgency, Reorganisation, sealsLeft } from './reorganise'

const route = createRoute({
  method: 'post',
  path: '/agencies/{id}/dissolve',
  tags: ['Agencies'],
  summary: 'Dissolve an agency (giải thể)',
  description:
    'Only once nothing living is left in it (409 counts its active units, persons in post and devices: place them first, e.g. by a split). It keeps its history; its left-behind certificates (answered: its seal, to revoke with reason 5) send their notices to the agency that takes over its affairs, or to the department.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(DissolveRequest) },
  responses: {
    200: json(Reorganisation, 'The agency, dissolved, and what is left to do'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerDissolveAgency = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireAgency(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const { successorId, note } = c.req.valid('json')
    enforce(agencyRefusal(before, 'id'))
    const successor = successorId
      ? await receivingAgency(db, before, 'successorId', successorId)
      : null
    enforce(dissolutionRefusal(await remainsOf(db, before.id)))
    const now = new Date()
    const at = now.toISOString()
    const after = {
      ...before,
      status: 'dissolved' as const,
      successorId: successor?.id ?? null,
      endedAt: at,
      version: before.version + 1,
      updatedAt: at,
    }
    await commitChange(
      c,
      [
        guardEmpty(db, before.id),
        endAgency(db, before.id, 'dissolved', after.successorId, before.version, at),
        changedOrAbort(db),
        ...(successor
          ? [guardActive(db, successor.id), guardOutside(db, before.id, successor.id)]
          : []),
      ],
      [
        {
          action: 'agency.dissolve',
          entity: 'agency',
          entityId: before.id,
          before,
          after: { ...after, note: note ?? null },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(
      {
        agency: after,
        successor,
        moved: { holders: 0, devices: 0, certificates: 0, units: 0 },
        toChangeOrRevoke: await sealsLeft(db, before.id, now),
      },
      200
    )
  })
