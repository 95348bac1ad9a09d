import { createRoute } from '@hono/zod-openapi'
import { Certificate, CertificateCreate, CertificateFileForm } from '../../../schemas/certificate'
import { admins } from '../../auth/principal'
import { insertCertificate } from '../../db/certificates'
import { learnUrls } from '../../db/issuers'
import { dnKey } from '../../lib/dn'
import { validityRefusal } from '../../domain/lifecycle'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange, type Change } from '../../http/change'
import { idempotency } from '../../http/idempotency'
import { IdempotencyKey, json, problems } from '../../http/openapi'
import { etag } from '../../http/versions'
import { referencedCertificate } from '../lookups'
import { newCertificate } from './build'
import { createFromFile } from './from-file'
import { presentCertificate } from './present'
import { replacement } from './replace'

const route = createRoute({
  method: 'post',
  path: '/certificates',
  tags: ['Certificates'],
  summary: 'Record an issued certificate (or a re-issue that replaces another)',
  middleware: [admins(), idempotency()] as const,
  description:
    'JSON with every field, or a form with the certificate file (serial, issuer, subject, validity and fingerprint are read from it). A re-issue names the certificate it replaces and why (replacement: change of details, or device damaged or lost); the replaced one is revoked (4, superseded) from the new one’s start unless it is revoked already. Dates without a time mean the start (notBefore) or the end (notAfter, 23:59:59) of that Vietnam day.',
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
    const input: CertificateCreate & { urls?: { crl: string[]; ocsp: string[] } } = fromJson
      ? (c.req.valid('json') as CertificateCreate)
      : await createFromFile(c.req.valid('form') as CertificateFileForm)
    const now = new Date()
    const replaces =
      input.replacesId && input.replacement
        ? { id: input.replacesId, how: input.replacement }
        : null
    const { record, holder } = await newCertificate(db, input, now, replaces)
    const statements = [insertCertificate(db, record, holder.fullName)]
    if (input.urls) statements.push(learnUrls(db, dnKey(record.issuer), input.urls))
    const changes: Change[] = [
      {
        action: 'certificate.create',
        entity: 'certificate',
        entityId: record.id,
        before: null,
        after: record,
      },
    ]
    if (replaces) {
      const old = await referencedCertificate(db, 'replacesId', replaces.id)
      const link = replacement(db, old, record, replaces.how, now)
      statements.push(...link.statements)
      changes.push(link.change)
    } else enforce(validityRefusal(record.notBefore, record.notAfter))
    const body = presentCertificate(record, now)
    await commitChange(c, statements, changes, now, { answer: { status: 201, body } })
    return c.json(body, 201, {
      ETag: etag(record.version),
      Location: `/api/v1/certificates/${record.id}`,
    })
  })
