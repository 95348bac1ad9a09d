import { createRoute, z } from '@hono/zod-openapi'
import { Agency, CorrectionRequest, Moved } from '../../../schemas/agency'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import {
  lastReorganisation,
  moveBack,
  reviveAgency,
  type Moved as MovedIds,
} from '../../db/reorganisations'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { requireAgency } from '../lookups'

const Correction = z
  .object({ agency: Agency, corrected: z.string(), movedBack: Moved })
  .openapi('AgencyCorrection')

const route = createRoute({
  method: 'post',
  path: '/agencies/{id}/correct',
  tags: ['Agencies'],
  summary:
    'Correct a mistaken reorganisation: undo the last merger, split or dissolution of this agency',
  description:
    'The department names why. The agency is active again and what the reorganisation moved comes back from where it went (a record moved on since stays where it is). Audited with the reason, before and after; nothing is restored from a backup.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(CorrectionRequest) },
  responses: {
    200: json(Correction, 'The agency as it was before, and what came back'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerCorrectAgency = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireAgency(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const { reason } = c.req.valid('json')
    const last = await lastReorganisation(db, before.id)
    if (!last || last.action === 'agency.correct')
      throw new Problem(409, 'nothing-to-correct', { code: before.code })
    const parts: (MovedIds & { agencyId: string })[] =
      last.action === 'agency.merge'
        ? [{ ...last.after.moved!, agencyId: last.after.successorId! }]
        : last.action === 'agency.split'
          ? (last.after as { parts: (MovedIds & { agencyId: string })[] }).parts
          : []
    const now = new Date()
    const at = now.toISOString()
    const ended = before.status !== 'active'
    const after = {
      ...before,
      status: 'active' as const,
      successorId: null,
      endedAt: null,
      version: before.version + 1,
      updatedAt: at,
    }
    const results = await commitChange(
      c,
      [
        ...parts.flatMap((p) => moveBack(db, p, p.agencyId, before.id, at)),
        ended
          ? reviveAgency(db, before.id, before.version, at)
          : db
              .prepare(
                'UPDATE agencies SET version = version + 1, updated_at = ?3 WHERE id = ?1 AND version = ?2'
              )
              .bind(before.id, before.version, at),
        changedOrAbort(db),
      ],
      [
        {
          action: 'agency.correct',
          entity: 'agency',
          entityId: before.id,
          before,
          after: { ...after, corrected: last.action, reason },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    const back = results.slice(0, parts.length * 4).map((r) => r.results.length)
    const sum = (k: number) => back.filter((_, i) => i % 4 === k).reduce((a, b) => a + b, 0)
    return c.json(
      {
        agency: after,
        corrected: last.action,
        movedBack: { holders: sum(0), devices: sum(1), certificates: sum(2), units: sum(3) },
      },
      200,
      { ETag: etag(after.version) }
    )
  })
