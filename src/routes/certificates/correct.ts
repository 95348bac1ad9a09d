import { createRoute } from '@hono/zod-openapi'
import { CorrectionRequest } from '../../../schemas/agency'
import { Certificate } from '../../../schemas/certificate'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { type CertificateRecord } from '../../db/certificates'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { Problem } from '../../lib/problem'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { requireCertificate } from '../lookups'
import { presentCertificate } from './present'

const route = createRoute({
  method: 'post',
  path: '/certificates/{id}/correct',
  tags: ['Certificates'],
  summary: 'Correct a revocation recorded by mistake (on the wrong certificate)',
  description:
    "The department names why; the revocation is withdrawn and the audit log keeps the reason, before and after. A revocation that an imported CRL of the certificate's issuer lists is the CA's word and cannot be corrected away (409).",
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(CorrectionRequest) },
  responses: {
    200: json(Certificate, 'The certificate, its revocation withdrawn'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

/** Aborts the batch if a CRL of the certificate's issuer lists it (then it is revoked by the CA). */
const guardNotListed = (db: D1Database, c: CertificateRecord) =>
  db
    .prepare(
      `INSERT INTO guards (failed) SELECT 1 WHERE EXISTS (
         SELECT 1 FROM ca_revocations r JOIN issuers i ON i.id = r.issuer_id
         WHERE r.serial = ?1 AND i.dn = ?2 AND r.reason_code <> 6)`
    )
    .bind(c.serial, c.issuer)

export const registerCorrectCertificate = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireCertificate(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const { reason } = c.req.valid('json')
    if (before.revokedAt === null) throw new Problem(409, 'not-revoked', { serial: before.serial })
    const listed = await db
      .prepare(
        `SELECT 1 AS hit FROM ca_revocations r JOIN issuers i ON i.id = r.issuer_id
         WHERE r.serial = ?1 AND i.dn = ?2 AND r.reason_code <> 6`
      )
      .bind(before.serial, before.issuer)
      .first()
    if (listed) throw new Problem(409, 'revocation-on-crl', { serial: before.serial })
    const now = new Date()
    const after: CertificateRecord = {
      ...before,
      revokedAt: null,
      reasonCode: null,
      invalidityDate: null,
      revocationNote: null,
      version: before.version + 1,
      updatedAt: now.toISOString(),
    }
    await commitChange(
      c,
      [
        guardNotListed(db, before),
        db
          .prepare(
            `UPDATE certificates SET revoked_at = NULL, reason_code = NULL, invalidity_date = NULL, revocation_note = NULL,
               version = version + 1, updated_at = ?3
             WHERE id = ?1 AND version = ?2 AND revoked_at IS NOT NULL`
          )
          .bind(before.id, before.version, after.updatedAt),
        changedOrAbort(db),
      ],
      [
        {
          action: 'certificate.correct',
          entity: 'certificate',
          entityId: before.id,
          before,
          after: { ...after, reason },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(presentCertificate(after, now), 200, { ETag: etag(after.version) })
  })
