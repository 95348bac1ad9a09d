import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { AssignRequest, Device } from '../../../schemas/device'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { carriedBy } from '../../db/certificates'
import { lastReturnOf, openAssignment, saveDevice } from '../../db/devices'
import { agencyRefusal } from '../../domain/agency'
import { handoverRefusal } from '../../domain/custody'
import { holderRefusal } from '../../domain/holder'
import { enforce, firstOf } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { newId } from '../../lib/ids'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { invalidField } from '../../lib/problem'
import { eventTime } from '../../lib/time'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { referencedAgency, referencedHolder, requireDevice } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/devices/{id}/assign',
  tags: ['Devices'],
  summary: 'Hand a device over to a holder (bàn giao), recorded in the custody ledger',
  description:
    'Only from stock, to a holder still in post, and never while the device carries an active personal certificate of someone else (409 naming them): a device carries one holder’s keys.',
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(AssignRequest) },
  responses: {
    200: json(Device, 'The device, now assigned'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerAssignDevice = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireDevice(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const input = c.req.valid('json')
    const now = new Date()
    const holder = await referencedHolder(db, 'holderId', input.holderId)
    const [agency, carried, lastReturn] = await Promise.all([
      referencedAgency(db, 'holderId', holder.agencyId),
      carriedBy(db, before.id, now),
      lastReturnOf(db, before.id),
    ])
    enforce(
      firstOf(
        handoverRefusal(before, carried, holder.id),
        holderRefusal(holder),
        agencyRefusal(agency, 'holderId')
      )
    )
    const at = eventTime(input.at, now, 'at')
    if (lastReturn && at < lastReturn)
      throw invalidField('at', 'handover-before-return', { at: lastReturn })
    // Custody follows the holder: the device now counts in the holder's agency.
    const after: Device = {
      ...before,
      status: 'assigned',
      holderId: holder.id,
      agencyId: holder.agencyId,
      version: before.version + 1,
      updatedAt: now.toISOString(),
    }
    const entry = {
      id: newId('asg', now.getTime()),
      deviceId: before.id,
      holderId: holder.id,
      at,
      handoverRef: input.handoverRef ?? null,
    }
    await commitChange(
      c,
      [
        saveDevice(db, after, before.version, 'in_stock'),
        changedOrAbort(db),
        openAssignment(db, entry),
      ],
      [
        {
          action: 'device.assign',
          entity: 'device',
          entityId: before.id,
          before,
          after: { ...after, handoverRef: entry.handoverRef, at },
        },
      ],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(after, 200, { ETag: etag(after.version) })
  })
