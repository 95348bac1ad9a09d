import { createRoute } from '@hono/zod-openapi'
import { Agency, AgencyPatch } from '../../../schemas/agency'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { isInSubtree, recordFormerName, updateAgency } from '../../db/agencies'
import { agencyRefusal, webhookRefusal } from '../../domain/agency'
import { atTheEdge } from '../../lib/config'
import { enforce } from '../../domain/refusal'
import { changedOrAbort } from '../../db/batch'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { applyPatch } from '../../lib/patch'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { referencedAgency, requireAgency } from '../lookups'

const route = createRoute({
  method: 'patch',
  path: '/agencies/{id}',
  tags: ['Agencies'],
  summary:
    "Change an agency's details or place in the tree (a new name keeps the old in its history)",
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(AgencyPatch) },
  responses: {
    200: json(Agency, 'The agency, changed'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerUpdateAgency = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireAgency(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const patch = c.req.valid('json')
    const now = new Date()
    enforce(agencyRefusal(before, 'id'))
    enforce(webhookRefusal(patch.webhookUrl, atTheEdge(c.env)))
    if (patch.parentId) {
      enforce(agencyRefusal(await referencedAgency(db, 'parentId', patch.parentId), 'parentId'))
      if (await isInSubtree(db, before.id, patch.parentId))
        throw new Problem(409, 'agency-cycle', {}, [{ path: 'parentId', code: 'agency-cycle' }])
    }
    const after = applyPatch(before, patch, now)
    const renamed = after.name !== before.name
    await commitChange(
      c,
      [
        updateAgency(db, after, before.version),
        changedOrAbort(db),
        ...(renamed ? [recordFormerName(db, before.id, before.name, now.toISOString())] : []),
      ],
      [
        {
          action: renamed ? 'agency.rename' : 'agency.update',
          entity: 'agency',
          entityId: after.id,
          before,
          after,
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(after, 200, { ETag: etag(after.version) })
  })
