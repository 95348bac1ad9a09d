import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Issuer, IssuerPatch } from '../../../schemas/issuer'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { listIssuers, updateIssuer, publicIssuer } from '../../db/issuers'
import { namesRefusal } from '../../domain/issuers'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { applyPatch } from '../../lib/patch'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { requireIssuer } from '../lookups'

const route = createRoute({
  method: 'patch',
  path: '/issuers/{id}',
  tags: ['Issuers and CRLs'],
  summary:
    "Change an issuer's display name, the other names it goes by (aliases), or where it publishes CRLs and answers OCSP",
  description:
    'An alias may not be a name of another registered issuer: one name resolves to one CA. The distinguished name comes from the CA and does not change.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(IssuerPatch) },
  responses: {
    200: json(Issuer, 'The issuer, changed'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerUpdateIssuer = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = publicIssuer(await requireIssuer(db, c.req.valid('param').id))
    const ifMatch = checkIfMatch(c, before.version)
    const now = new Date()
    const after = applyPatch(before, c.req.valid('json'), now)
    enforce(namesRefusal(await listIssuers(db), after))
    await commitChange(
      c,
      [updateIssuer(db, after, before.version), changedOrAbort(db)],
      [{ action: 'issuer.update', entity: 'issuer', entityId: after.id, before, after }],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(after, 200, { ETag: etag(after.version) })
  })
