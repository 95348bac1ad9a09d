import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { LostReport, ReportLostRequest, type Device } from '../../../schemas/device'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { carriedBy, revokeAll, type CertificateRecord } from '../../db/certificates'
import { closeAssignment, openAssignmentOf, saveDevice } from '../../db/devices'
import { lossRefusal } from '../../domain/custody'
import { KEY_COMPROMISE } from '../../domain/reasons'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { invalidField } from '../../lib/problem'
import { eventTime } from '../../lib/time'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { presentCertificate } from '../certificates/present'
import { requireDevice } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/devices/{id}/report-lost',
  tags: ['Devices'],
  summary: 'Report a device lost: closes its custody and lists (or revokes) its certificates',
  description:
    'Every active certificate on a lost device is a revocation candidate (reason 1, keyCompromise). With revokeCertificates they are revoked in the same audited step, the loss being their invalidity date.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(ReportLostRequest) },
  responses: {
    200: json(LostReport, 'The device, now lost, and its revocation candidates'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerReportLost = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireDevice(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    enforce(lossRefusal(before))
    const input = c.req.valid('json')
    const now = new Date()
    const at = eventTime(input.at, now, 'at')
    const open = before.status === 'assigned' ? await openAssignmentOf(db, before.id) : null
    if (open && at < open.assigned_at)
      throw invalidField('at', 'lost-before-handover', { at: open.assigned_at })
    const after: Device = {
      ...before,
      status: 'lost',
      holderId: null,
      note: input.note ?? before.note,
      version: before.version + 1,
      updatedAt: now.toISOString(),
    }
    const carried = await carriedBy(db, before.id, now)
    const revocation = input.revokeCertificates
      ? revokeAll(db, carried, {
          revokedAt: now.toISOString(),
          invalidityDate: at,
          reasonCode: KEY_COMPROMISE,
          note: `Mất thiết bị ${before.serial} / device ${before.serial} lost`,
          at: now.toISOString(),
        })
      : { revoked: [], statements: [] }
    const statements = [saveDevice(db, after, before.version, before.status), changedOrAbort(db)]
    if (before.status === 'assigned')
      statements.push(
        closeAssignment(db, before.id, at, 'lost', input.note ?? null),
        changedOrAbort(db)
      )
    await commitChange(
      c,
      [...statements, ...revocation.statements],
      [
        {
          action: 'device.lost',
          entity: 'device',
          entityId: before.id,
          before,
          after: { ...after, at },
        },
        ...revocation.revoked.map((r) => ({
          action: 'certificate.revoke',
          entity: 'certificate',
          entityId: r.before.id,
          before: r.before,
          after: r.after,
        })),
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    const present = (list: CertificateRecord[]) => list.map((cert) => presentCertificate(cert, now))
    return c.json(
      {
        device: after,
        revocationCandidates: input.revokeCertificates ? [] : present(carried),
        revoked: present(revocation.revoked.map((r) => r.after)),
      },
      200,
      { ETag: etag(after.version) }
    )
  })
