import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Device, ReturnAnswer, ReturnRequest } from '../../../schemas/device'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { closeAssignment, openAssignmentOf, saveDevice } from '../../db/devices'
import { carriedBy } from '../../db/certificates'
import { returnRefusal } from '../../domain/custody'
import { enforce } from '../../domain/refusal'
import { presentCertificate } from '../certificates/present'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { invalidField } from '../../lib/problem'
import { eventTime } from '../../lib/time'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { requireDevice } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/devices/{id}/return',
  tags: ['Devices'],
  summary: 'Take a device back into stock (thu hồi thiết bị), closing its ledger entry',
  description:
    'Answers the active certificates still on the device: while they are there it can be handed only to their holder.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(ReturnRequest) },
  responses: {
    200: json(ReturnAnswer, 'The device, back in stock, with the active certificates still on it'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerReturnDevice = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireDevice(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    enforce(returnRefusal(before))
    const input = c.req.valid('json')
    const now = new Date()
    const at = eventTime(input.at, now, 'at')
    const open = await openAssignmentOf(db, before.id)
    if (open && at < open.assigned_at)
      throw invalidField('at', 'return-before-handover', { at: open.assigned_at })
    const after: Device = {
      ...before,
      status: 'in_stock',
      holderId: null,
      version: before.version + 1,
      updatedAt: now.toISOString(),
    }
    await commitChange(
      c,
      [
        saveDevice(db, after, before.version, 'assigned'),
        changedOrAbort(db),
        closeAssignment(db, before.id, at, 'return', input.note ?? null, input.returnRef ?? null),
        changedOrAbort(db),
      ],
      [
        {
          action: 'device.return',
          entity: 'device',
          entityId: before.id,
          before,
          after: { ...after, at, returnRef: input.returnRef ?? null },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    const carried = await carriedBy(db, before.id, now)
    return c.json(
      { ...after, certificatesOnDevice: carried.map((cert) => presentCertificate(cert, now)) },
      200,
      { ETag: etag(after.version) }
    )
  })
