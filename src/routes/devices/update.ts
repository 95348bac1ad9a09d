import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { Device, DevicePatch } from '../../../schemas/device'
import { admins } from '../../auth/principal'
import { changedOrAbort } from '../../db/batch'
import { saveDevice } from '../../db/devices'
import { agencyRefusal } from '../../domain/agency'
import { enforce } from '../../domain/refusal'
import { statusChangeRefusal } from '../../domain/custody'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { IfMatch, json, jsonBody, problems } from '../../http/openapi'
import { applyPatch } from '../../lib/patch'
import { checkIfMatch, etag, lostRace } from '../../http/versions'
import { referencedAgency, requireDevice } from '../lookups'

const route = createRoute({
  method: 'patch',
  path: '/devices/{id}',
  tags: ['Devices'],
  summary: "Change a device's details, or mark it damaged, retired or back in stock",
  middleware: [admins()] as const,
  request: { params: IdParam, headers: IfMatch, body: jsonBody(DevicePatch) },
  responses: {
    200: json(Device, 'The device, changed'),
    ...problems(400, 401, 403, 404, 409, 412, 422),
  },
})

export const registerUpdateDevice = (api: App) =>
  api.openapi(route, async (c) => {
    const db = c.env.DB
    const before = await requireDevice(db, c.req.valid('param').id)
    const ifMatch = checkIfMatch(c, before.version)
    const patch = c.req.valid('json')
    const now = new Date()
    if (patch.status) enforce(statusChangeRefusal(before.status, patch.status))
    if (patch.agencyId && patch.agencyId !== before.agencyId)
      enforce(agencyRefusal(await referencedAgency(db, 'agencyId', patch.agencyId)))
    const after = applyPatch(before, patch, now)
    await commitChange(
      c,
      [saveDevice(db, after, before.version, before.status), changedOrAbort(db)],
      [{ action: 'device.update', entity: 'device', entityId: after.id, before, after }],
      now,
      { onGuard: lostRace(ifMatch) }
    )
    return c.json(after, 200, { ETag: etag(after.version) })
  })
