import { createRoute } from '@hono/zod-openapi'
import { CrlImport } from '../../../schemas/crl'
import { admins } from '../../auth/principal'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { fileContent, readUpload } from '../../http/upload'
import { importCrl } from '../../jobs/crl-import'

const route = createRoute({
  method: 'post',
  path: '/crls',
  tags: ['Issuers and CRLs'],
  summary:
    "Import a CA's CRL (RFC 5280): revocations, holds and their release, deltas, indirect CRLs",
  description:
    "The CRL must parse, carry no critical extension the registry does not know, and verify with a key of a registered issuer (RSA, RSA-PSS or ECDSA). It is never older than the CRL held of that key, and a delta applies only on top of the complete CRL it names. Its entries are applied to what the CA said before: a revocation is final (with the CA's time, reason and invalidity date); certificateHold puts a certificate on hold, removeFromCRL (or a later complete CRL that no longer lists it) releases it; an indirect CRL's entries go to the CA they name. The same CRL twice changes nothing. Each newly revoked certificate's agency is told in the next digest.",
  middleware: [admins()] as const,
  request: {
    // Several media types: each is validated only when it is the one sent.
    body: { required: false, description: 'The CRL (PEM or DER)', content: fileContent() },
  },
  responses: {
    200: json(CrlImport, 'What the import changed'),
    ...problems(401, 403, 409, 413, 415, 422),
  },
})

export const registerImportCrl = (api: App) =>
  api.openapi(route, async (c) =>
    c.json(
      await importCrl(c.env, await readUpload(c), {
        principal: c.get('principal').id,
        requestId: c.get('requestId'),
        source: 'upload',
        at: new Date(),
      }),
      200
    )
  )
