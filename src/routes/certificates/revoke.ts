import { createRoute } from '@hono/zod-openapi'
import { Certificate, RevokeRequest } from '../../../schemas/certificate'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { saveRevocation, type CertificateRecord } from '../../db/certificates'
import { revocationRefusal } from '../../domain/lifecycle'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { eventTime } from '../../lib/time'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { requireCertificate } from '../lookups'
import { presentCertificate } from './present'

const route = createRoute({
  method: 'post',
  path: '/certificates/{id}/revoke',
  tags: ['Certificates'],
  summary: 'Record a revocation (thu hồi) with its RFC 5280 reason',
  description:
    'Final: a revoked certificate is never active again, nor renewed (a mistake is undone by a correction). revokedAt lies between the start of validity and now; an invalidity date (when the key was known or suspected compromised) lies between the start of validity and revokedAt.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(RevokeRequest) },
  responses: {
    200: json(Certificate, 'The certificate, now revoked'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerRevokeCertificate = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireCertificate(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const input = c.req.valid('json')
    const now = new Date()
    const revokedAt = eventTime(input.revokedAt, now, 'revokedAt')
    const invalidityDate = input.invalidityDate ?? null
    enforce(revocationRefusal(before, revokedAt, invalidityDate, now))
    const after: CertificateRecord = {
      ...before,
      revokedAt,
      reasonCode: input.reasonCode,
      invalidityDate,
      revocationNote: input.note ?? null,
      version: before.version + 1,
      updatedAt: now.toISOString(),
    }
    await commitChange(
      c,
      [saveRevocation(db, after, before.version), changedOrAbort(db)],
      [{ action: 'certificate.revoke', entity: 'certificate', entityId: after.id, before, after }],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(presentCertificate(after, now), 200, { ETag: etag(after.version) })
  })
