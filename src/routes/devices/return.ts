import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Device, ReturnRequest } from '../../../schemas/device'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { closeAssignment, openAssignmentOf, saveDevice } from '../../db/devices'
import { assertReturnable } from '../../domain/custody'
import type { App } from '../../env'
import { commitChange } from '../../lib/change'
import { IfMatch, json, jsonBody, problems } from '../../lib/openapi'
import { invalidField } from '../../lib/problem'
import { eventTime } from '../../lib/time'
import { checkIfMatch, etag, lostRace } from '../../lib/versions'
import { requireDevice } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/devices/{id}/return',
  tags: ['Devices'],
  summary: 'Take a device back into stock (thu hồi thiết bị), closing its ledger entry',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(ReturnRequest) },
  responses: {
    200: json(Device, 'The device, back in stock'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerReturnDevice = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireDevice(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    assertReturnable(before.status, before.serial)
    const input = c.req.valid('json')
    const now = new Date()
    const at = eventTime(input.at, now, 'at')
    const open = await openAssignmentOf(db, before.id)
    if (open && at < open.assigned_at)
      throw invalidField(
        'at',
        `the device was handed over on ${open.assigned_at}; it cannot come back earlier`
      )
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
        closeAssignment(db, before.id, at, 'return', input.note ?? null),
        changedOrAbort(db),
      ],
      [
        {
          action: 'device.return',
          entity: 'device',
          entityId: before.id,
          before,
          after: { ...after, at },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(after, 200, { ETag: etag(after.version) })
  })
