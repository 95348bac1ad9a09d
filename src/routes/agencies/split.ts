import { createRoute } from '@hono/zod-openapi'
import { SplitRequest } from '../../../schemas/agency'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import {
  endAgency,
  guardActive,
  guardEmpty,
  guardOutside,
  movableOf,
  moveRecords,
  remainsOf,
  type Moved,
} from '../../db/reorganisations'
import { dissolutionRefusal } from '../../domain/agency'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { Problem, type FieldError } from '../../lib/problem'
import { checkIfMatch, lostRace } from '../../http/versions'
import { requireAgency } from '../lookups'
import { counted, receivingAgency, Reorganisation, sealsLeft } from './reorganise'

const route = createRoute({
  method: 'post',
  path: '/agencies/{id}/split',
  tags: ['Agencies'],
  summary:
    'Split an agency (chia tách): the department says where each unit, person and device goes',
  description:
    'Each part names an active agency outside this one and the units, persons and devices (of this agency) that go there; a person’s active personal certificates go with the person. With dissolve (chia) the agency then ends and must be left with no unit, person in post or device; without it (tách) it continues. One audited batch; exactly one of two conflicting reorganisations lands.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(SplitRequest) },
  responses: {
    200: json(Reorganisation, 'What moved, and what is left to do'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

/** Ids of the request that are not this agency's (or listed twice): each named by its field. */
function strangers(
  parts: SplitRequest['parts'],
  own: { holders: string[]; devices: string[]; units: string[] }
): FieldError[] {
  const seen = new Set<string>()
  return parts.flatMap((part, i) =>
    (['units', 'holders', 'devices'] as const).flatMap((field) =>
      part[field].flatMap((id) => {
        const stranger = !own[field].includes(id) || seen.has(id)
        seen.add(id)
        return stranger
          ? [{ path: `parts.${i}.${field}`, code: 'not-of-this-agency', params: { id } }]
          : []
      })
    )
  )
}

export const registerSplitAgency = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireAgency(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const input = c.req.valid('json')
    const now = new Date()
    const at = now.toISOString()
    const targets = []
    for (const [i, part] of input.parts.entries())
      targets.push(await receivingAgency(db, before, `parts.${i}.agencyId`, part.agencyId))
    const successor = input.successorId
      ? await receivingAgency(db, before, 'successorId', input.successorId)
      : null
    const own = await movableOf(db, before.id, now)
    const wrong = strangers(input.parts, own)
    if (wrong.length) throw new Problem(422, 'invalid-request', {}, wrong)
    const moves: (Moved & { agencyId: string })[] = []
    for (const part of input.parts)
      moves.push({
        agencyId: part.agencyId,
        holders: part.holders,
        devices: part.devices,
        units: part.units,
        certificates: (await movableOf(db, before.id, now, part.holders)).certificates,
      })
    if (input.dissolve) {
      const placed = { units: [] as string[], holders: [] as string[], devices: [] as string[] }
      for (const m of moves)
        for (const f of ['units', 'holders', 'devices'] as const) placed[f].push(...m[f])
      enforce(dissolutionRefusal(await remainsOf(db, before.id, placed)))
    }
    const after = input.dissolve
      ? {
          ...before,
          status: 'dissolved' as const,
          successorId: successor?.id ?? null,
          endedAt: at,
          version: before.version + 1,
          updatedAt: at,
        }
      : { ...before, version: before.version + 1, updatedAt: at }
    await commitChange(
      c,
      [
        ...moves.flatMap((m) => moveRecords(db, before.id, m.agencyId, at, m)),
        ...targets.flatMap((t) => [guardActive(db, t.id), guardOutside(db, before.id, t.id)]),
        ...(input.dissolve
          ? [
              guardEmpty(db, before.id),
              endAgency(db, before.id, 'dissolved', successor?.id ?? null, before.version, at),
            ]
          : [
              db
                .prepare(
                  "UPDATE agencies SET version = version + 1, updated_at = ?3 WHERE id = ?1 AND version = ?2 AND status = 'active'"
                )
                .bind(before.id, before.version, at),
            ]),
        changedOrAbort(db),
      ],
      [
        {
          action: 'agency.split',
          entity: 'agency',
          entityId: before.id,
          before,
          after: { ...after, note: input.note ?? null, parts: moves },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    const total = moves.reduce(
      (sum, m) => ({
        holders: [...sum.holders, ...m.holders],
        devices: [...sum.devices, ...m.devices],
        certificates: [...sum.certificates, ...m.certificates],
        units: [...sum.units, ...m.units],
      }),
      { holders: [], devices: [], certificates: [], units: [] } as Moved
    )
    return c.json(
      {
        agency: after,
        successor,
        moved: counted(total),
        toChangeOrRevoke: await sealsLeft(db, before.id, now),
      },
      200
    )
  })
