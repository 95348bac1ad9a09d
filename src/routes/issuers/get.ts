import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Issuer } from '../../../schemas/issuer'
import { readers } from '../../auth/principal'
import { publicIssuer } from '../../db/issuers'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { etag } from '../../http/versions'
import { requireIssuer } from '../lookups'

const route = createRoute({
  method: 'get',
  path: '/issuers/{id}',
  tags: ['Issuers and CRLs'],
  summary: 'One issuing CA, with its aliases and keys',
  middleware: [readers()] as const,
  request: { params: IdParam },
  responses: {
    200: json(Issuer, 'The issuer; its ETag is for If-Match'),
    ...problems(401, 403, 404),
  },
})

export const registerGetIssuer = (api: App) =>
  api.openapi(route, async (c) => {
    const issuer = publicIssuer(await requireIssuer(c.env.DB, c.req.valid('param').id))
    return c.json(issuer, 200, { ETag: etag(issuer.version) })
  })
