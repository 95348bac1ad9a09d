import { createRoute } from '@hono/zod-openapi'
import { Issuer } from '../../../schemas/crl'
import { admins } from '../../auth/principal'
import { insertIssuer } from '../../db/crls'
import type { App } from '../../env'
import { commitChange } from '../../lib/change'
import { newId } from '../../lib/ids'
import { json, problems } from '../../lib/openapi'
import { Problem } from '../../lib/problem'
import { fileContent, readUpload } from '../../lib/upload'
import { readCertificate } from '../../lib/x509'

const route = createRoute({
  method: 'post',
  path: '/issuers',
  tags: ['CRLs'],
  summary: "Register an issuing CA's certificate, so its CRLs can be checked and imported",
  middleware: [admins()] as const,
  request: {
    body: {
      required: false, // several media types: each is validated only when it is the one sent
      description: 'The CA certificate (PEM or DER)',
      content: fileContent(),
    },
  },
  responses: { 201: json(Issuer, 'The issuer'), ...problems(401, 403, 409, 413, 415, 422) },
})

export const registerCreateIssuer = (api: App) =>
  api.openapi(route, async (c) => {
    const file = await readCertificate(await readUpload(c))
    const now = new Date()
    const name = /(?:^|,)CN=([^,]+)/.exec(file.subject)?.[1] ?? file.subject
    const issuer: Issuer = {
      id: newId('iss', now.getTime()),
      name,
      dn: file.subject,
      fingerprint: file.fingerprint,
      notAfter: file.notAfter,
      createdAt: now.toISOString(),
    }
    try {
      await commitChange(
        c,
        [insertIssuer(c.env.DB, issuer, file.x509.toString('pem'))],
        [
          {
            action: 'issuer.create',
            entity: 'issuer',
            entityId: issuer.id,
            before: null,
            after: issuer,
          },
        ],
        now
      )
    } catch (error) {
      if (String(error).includes('issuers.'))
        throw new Problem(
          409,
          'duplicate-issuer',
          `An issuer named ${file.subject} is already registered.`
        )
      throw error
    }
    return c.json(issuer, 201)
  })
