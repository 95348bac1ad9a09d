import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Issuer } from '../../../schemas/issuer'
import { admins } from '../../auth/principal'
import { insertIssuerKey, learnUrls, publicIssuer } from '../../db/issuers'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { dnKey } from '../../lib/dn'
import { json, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { fileContent, readUpload } from '../../http/upload'
import { readCertificate } from '../../lib/x509'
import { requireIssuer } from '../lookups'
import { keyOf } from './key'

const route = createRoute({
  method: 'post',
  path: '/issuers/{id}/certificates',
  tags: ['Issuers and CRLs'],
  summary:
    'Add a key to an issuer: another of its CA certificates (key rollover, a CRL-signing key)',
  description:
    "The certificate's subject must be the issuer's name (compared as RFC 5280 §7.1 compares names). CRLs then verify against any of the issuer's keys.",
  middleware: [admins()] as const,
  request: {
    params: IdParam,
    body: {
      required: false,
      description: 'The CA certificate (PEM or DER)',
      content: fileContent(),
    },
  },
  responses: {
    201: json(Issuer, 'The issuer, with the key'),
    ...problems(401, 403, 404, 409, 413, 422),
  },
})

export const registerAddIssuerKey = (api: App) =>
  api.openapi(route, async (c) => {
    const issuer = await requireIssuer(c.env.DB, c.req.valid('param').id)
    const file = await readCertificate(await readUpload(c))
    if (dnKey(file.subject) !== dnKey(issuer.dn))
      throw new Problem(422, 'key-subject-mismatch', { subject: file.subject, dn: issuer.dn }, [
        {
          path: 'file',
          code: 'key-subject-mismatch',
          params: { subject: file.subject, dn: issuer.dn },
        },
      ])
    const now = new Date()
    const { key, pem, parentKey, parentUrls } = await keyOf(file, now)
    const before = publicIssuer(issuer)
    const after = { ...before, keys: [...before.keys, key] }
    await commitChange(
      c,
      [
        insertIssuerKey(c.env.DB, issuer.id, key, pem, parentKey),
        learnUrls(c.env.DB, parentKey, parentUrls),
      ],
      [{ action: 'issuer.add-key', entity: 'issuer', entityId: issuer.id, before, after }],
      now
    )
    return c.json(after, 201)
  })
