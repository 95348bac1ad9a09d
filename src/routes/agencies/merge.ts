import { createRoute } from '@hono/zod-openapi'
import { MergeRequest } from '../../../schemas/agency'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import {
  endAgency,
  guardActive,
  guardNothingMovable,
  guardOutside,
  movableOf,
  moveRecords,
} from '../../db/reorganisations'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { checkIfMatch, lostRace } from '../../http/versions'
import { requireAgency } from '../lookups'
import { counted, receivingAgency, Reorganisation, sealsLeft } from './reorganise'

const route = createRoute({
  method: 'post',
  path: '/agencies/{id}/merge',
  tags: ['Agencies'],
  summary: 'Merge an agency into its successor (sáp nhập)',
  description:
    'Moves its persons, devices, units and active personal certificates to the successor in one audited batch, marks it merged with a pointer, and keeps its history readable under both; notices of what stays (its seal certificates) go to the successor. Its own organisation holder and seal certificates stay, answered as to change or revoke. Of two conflicting reorganisations sent at once, exactly one lands. A mistake is undone by POST /agencies/{id}/correct.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(MergeRequest) },
  responses: {
    200: json(Reorganisation, 'What moved, and what is left to do'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerMergeAgency = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireAgency(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const { successorId, note } = c.req.valid('json')
    const successor = await receivingAgency(db, before, 'successorId', successorId)
    const now = new Date()
    const at = now.toISOString()
    const moved = await movableOf(db, before.id, now)
    const after = {
      ...before,
      status: 'merged' as const,
      successorId: successor.id,
      endedAt: at,
      version: before.version + 1,
      updatedAt: at,
    }
    // Guards in the batch: the agency unchanged and left with nothing living, the successor still
    // active and outside it, so of two opposite merges sent at once exactly one lands.
    await commitChange(
      c,
      [
        ...moveRecords(db, before.id, successor.id, at, moved),
        guardNothingMovable(db, before.id, at),
        endAgency(db, before.id, 'merged', successor.id, before.version, at),
        changedOrAbort(db),
        guardActive(db, successor.id),
        guardOutside(db, before.id, successor.id),
      ],
      [
        {
          action: 'agency.merge',
          entity: 'agency',
          entityId: before.id,
          before,
          after: { ...after, note: note ?? null, moved },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(
      {
        agency: after,
        successor,
        moved: counted(moved),
        toChangeOrRevoke: await sealsLeft(db, before.id, now),
      },
      200
    )
  })
