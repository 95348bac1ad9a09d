import { createRoute } from '@hono/zod-openapi'
import { Certificate, CertificateCreate, CertificateFileForm } from '../../../schemas/certificate'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { insertCertificate, linkSuccessor } from '../../db/certificates'
import { assertValidity, assertReplacement } from '../../domain/validity'
import type { App } from '../../env'
import { commitChange, type Change } from '../../lib/change'
import { idempotency } from '../../lib/idempotency'
import { IdempotencyKey, json, problems } from '../../lib/openapi'
import { etag } from '../../lib/versions'
import { referencedCertificate } from '../lookups'
import { newCertificate } from './build'
import { createFromFile } from './from-file'
import { presentCertificate } from './present'

const route = createRoute({
  method: 'post',
  path: '/certificates',
  tags: ['Certificates'],
  summary: 'Record an issued certificate (or a re-issue that replaces another)',
  middleware: [admins(), idempotency()] as const,
  description:
    'JSON with every field, or a form with the certificate file (serial, issuer, subject, validity and fingerprint are read from it).',
  request: {
    headers: IdempotencyKey,
    body: {
      required: false, // several media types: each is validated only when it is the one sent
      content: {
        'application/json': { schema: CertificateCreate },
        'multipart/form-data': { schema: CertificateFileForm },
      },
    },
  },
  responses: {
    201: json(Certificate, 'The recorded certificate'),
    ...problems(400, 401, 403, 409, 413, 422),
  },
})

export const registerCreateCertificate = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const fromJson = (c.req.header('content-type') ?? '').startsWith('application/json')
    const input = fromJson
      ? (c.req.valid('json') as CertificateCreate)
      : await createFromFile(c.req.valid('form') as CertificateFileForm)
    const now = new Date()
    const { record, holder } = await newCertificate(db, input, now, input.replacesId ?? null)
    const statements = [insertCertificate(db, record, holder.fullName)]
    const changes: Change[] = []
    if (input.replacesId) {
      // A re-issue after a change of details or a damaged or lost device: the old one may be revoked.
      const old = await referencedCertificate(db, 'replacesId', input.replacesId)
      assertReplacement(old, record, 'reissue')
      statements.push(
        linkSuccessor(db, old.id, record.id, record.createdAt, old.version, 'reissue'),
        changedOrAbort(db)
      )
      changes.push({
        action: 'certificate.replace',
        entity: 'certificate',
        entityId: old.id,
        before: old,
        after: { ...old, replacedById: record.id },
      })
    } else assertValidity(record.notBefore, record.notAfter)
    const body = presentCertificate(record, now)
    changes.unshift({
      action: 'certificate.create',
      entity: 'certificate',
      entityId: record.id,
      before: null,
      after: record,
    })
    await commitChange(c, statements, changes, now, { answer: { status: 201, body } })
    return c.json(body, 201, {
      ETag: etag(record.version),
      Location: `/api/v1/certificates/${record.id}`,
    })
  })
