import { createRoute } from '@hono/zod-openapi'
import { Certificate, CertificatePatch } from '../../../schemas/certificate'
import { IdParam } from '../../../schemas/common'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { carriedBy, updateCertificate } from '../../db/certificates'
import { agencyRefusal } from '../../domain/agency'
import { placementRefusal } from '../../domain/custody'
import { revokedRefusal } from '../../domain/lifecycle'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { applyPatch } from '../../lib/patch'
import { Problem } from '../../lib/problem'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { referencedAgency, referencedDevice, requireCertificate } from '../lookups'
import { presentCertificate } from './present'

const route = createRoute({
  method: 'patch',
  path: '/certificates/{id}',
  tags: ['Certificates'],
  summary: "Change a certificate's registry details (device, agency, fingerprint, note)",
  description:
    'What the CA signed (serial, subject, validity) never changes: a change of details is a re-issue.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(CertificatePatch) },
  responses: {
    200: json(Certificate, 'The certificate, changed'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerUpdateCertificate = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireCertificate(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const patch = c.req.valid('json')
    const now = new Date()
    // A revoked certificate's record is history: only its note may still be written.
    if (Object.keys(patch).some((field) => field !== 'note')) enforce(revokedRefusal(before))
    if (patch.agencyId && patch.agencyId !== before.agencyId)
      enforce(agencyRefusal(await referencedAgency(db, 'agencyId', patch.agencyId)))
    if (patch.deviceId && patch.deviceId !== before.deviceId) {
      const device = await referencedDevice(db, 'deviceId', patch.deviceId)
      enforce(placementRefusal(device, before, await carriedBy(db, device.id, now)))
    }
    if (patch.fingerprint && before.fingerprint && patch.fingerprint !== before.fingerprint)
      throw new Problem(409, 'fingerprint-fixed', {}, [
        { path: 'fingerprint', code: 'fingerprint-fixed' },
      ])
    const after = applyPatch(before, patch, now)
    await commitChange(
      c,
      [updateCertificate(db, after, before.version), changedOrAbort(db)],
      [{ action: 'certificate.update', entity: 'certificate', entityId: after.id, before, after }],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(presentCertificate(after, now), 200, { ETag: etag(after.version) })
  })
