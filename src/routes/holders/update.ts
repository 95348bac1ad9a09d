import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Holder, HolderPatch } from '../../../schemas/holder'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { renameHolderInCertificates } from '../../db/certificates'
import { updateHolder } from '../../db/holders'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { applyPatch } from '../../lib/patch'
import { invalidField } from '../../lib/problem'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { requireHolder } from '../lookups'

const route = createRoute({
  method: 'patch',
  path: '/holders/{id}',
  tags: ['Holders'],
  summary: "Change a holder's details (name, CCCD, position, contact)",
  description:
    'A move to another agency is POST /holders/{id}/move, a departure POST /holders/{id}/leave: both answer what the holder leaves behind.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(HolderPatch) },
  responses: {
    200: json(Holder, 'The holder, changed'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerUpdateHolder = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireHolder(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const patch = c.req.valid('json')
    const now = new Date()
    if (patch.nationalId && before.kind === 'organisation')
      throw invalidField('nationalId', 'organisation-no-cccd')
    const after = applyPatch(before, patch, now)
    const statements = [updateHolder(db, after, before.version), changedOrAbort(db)]
    if (after.fullName !== before.fullName)
      statements.push(renameHolderInCertificates(db, after.id, after.fullName))
    await commitChange(
      c,
      statements,
      [{ action: 'holder.update', entity: 'holder', entityId: after.id, before, after }],
      now,
      {
        onGuard: lostRace(ifMatch),
      }
    )
    return c.json(after, 200, { ETag: etag(after.version) })
  })
