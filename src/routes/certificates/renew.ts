import { createRoute } from '@hono/zod-openapi'
import { Certificate, RenewFileForm, RenewRequest } from '../../../schemas/certificate'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { insertCertificate } from '../../db/certificates'
import { learnUrls } from '../../db/issuers'
import { dnKey } from '../../lib/dn'
import { replacementRefusal } from '../../domain/lifecycle'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { idempotency } from '../../http/idempotency'
import { IdempotencyKey, IfMatch, json, problems } from '../../http/openapi'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { requireCertificate } from '../lookups'
import { newCertificate } from './build'
import { createFromFile } from './from-file'
import { presentCertificate } from './present'
import { replacement } from './replace'

const route = createRoute({
  method: 'post',
  path: '/certificates/{id}/renew',
  tags: ['Certificates'],
  summary: 'Record the renewal (gia hạn): a new certificate that replaces this one',
  description:
    'Same holder and kind; extends the validity by at most 3 years past the old notAfter. Reminders for the old one stop. JSON with every field, or a form with the new certificate file (serial, issuer, subject, validity and fingerprint read from it; an empty optional field counts as absent).',
  middleware: [admins(), idempotency()] as const,
  request: {
    params: IdParam,
    headers: IfMatch.merge(IdempotencyKey),
    body: {
      required: false, // several media types: each is validated only when it is the one sent
      content: {
        'application/json': { schema: RenewRequest },
        'multipart/form-data': { schema: RenewFileForm },
      },
    },
  },
  responses: {
    201: json(Certificate, 'The new certificate, linked to the one it replaces'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerRenewCertificate = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const old = await requireCertificate(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, old.version)
    // JSON with every field, or a form with the new certificate's file (its fields read from it).
    const fromJson = (c.req.header('content-type') ?? '').startsWith('application/json')
    const input: RenewRequest & { urls?: { crl: string[]; ocsp: string[] } } = fromJson
      ? (c.req.valid('json') as RenewRequest)
      : await (async () => {
          const form = c.req.valid('form') as RenewFileForm
          const {
            replacesId: _,
            replacement: __,
            ...read
          } = await createFromFile({
            ...form,
            kind: form.kind || old.kind,
            holderId: form.holderId || old.holderId,
          })
          return read
        })()
    const now = new Date()
    const successor = {
      ...input,
      kind: input.kind ?? old.kind,
      holderId: input.holderId ?? old.holderId,
      agencyId: input.agencyId ?? old.agencyId,
    }
    // The renewal rules first: an expired or revoked certificate needs a new issue, whatever else.
    enforce(replacementRefusal(old, successor, 'renewal', now))
    const { record, holder } = await newCertificate(db, successor, now, {
      id: old.id,
      how: 'renewal',
    })
    const link = replacement(db, old, record, 'renewal', now)
    const body = presentCertificate(record, now)
    await commitChange(
      c,
      [
        insertCertificate(db, record, holder.fullName),
        ...link.statements,
        ...(input.urls ? [learnUrls(db, dnKey(record.issuer), input.urls)] : []),
      ],
      [
        {
          action: 'certificate.create',
          entity: 'certificate',
          entityId: record.id,
          before: null,
          after: record,
        },
        link.change,
      ],
      now,
      { answer: { status: 201, body }, onGuard: lostRace(ifMatch) }
    )
    return c.json(body, 201, {
      ETag: etag(record.version),
      Location: `/api/v1/certificates/${record.id}`,
    })
  })
