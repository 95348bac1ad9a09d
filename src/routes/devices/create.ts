import { createRoute } from '@hono/zod-openapi'
import { Device, DeviceCreate } from '../../../schemas/device'
import { admins } from '../../auth/principal'
import { insertDevice } from '../../db/devices'
import { agencyRefusal } from '../../domain/agency'
import { enforce } from '../../domain/refusal'
import type { App } from '../../env'
import { commitChange } from '../../http/change'
import { idempotency } from '../../http/idempotency'
import { newId } from '../../lib/ids'
import { IdempotencyKey, json, jsonBody, problems } from '../../http/openapi'
import { etag } from '../../http/versions'
import { referencedAgency } from '../lookups'

const route = createRoute({
  method: 'post',
  path: '/devices',
  tags: ['Devices'],
  summary: 'Register a signing device (USB token, SIM PKI, HSM), in stock',
  middleware: [admins(), idempotency()] as const,
  request: { headers: IdempotencyKey, body: jsonBody(DeviceCreate) },
  responses: { 201: json(Device, 'The new device'), ...problems(400, 401, 403, 409, 413, 422) },
})

export const registerCreateDevice = (api: App) =>
  api.openapi(route, async (c) => {
    const input = c.req.valid('json')
    const now = new Date()
    enforce(agencyRefusal(await referencedAgency(c.env.DB, 'agencyId', input.agencyId)))
    const device: Device = {
      id: newId('dev', now.getTime()),
      serial: input.serial,
      model: input.model,
      kind: input.kind,
      status: 'in_stock',
      agencyId: input.agencyId,
      holderId: null,
      note: input.note ?? null,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }
    await commitChange(
      c,
      [insertDevice(c.env.DB, device)],
      [
        {
          action: 'device.create',
          entity: 'device',
          entityId: device.id,
          before: null,
          after: device,
        },
      ],
      now,
      { answer: { status: 201, body: device } }
    )
    return c.json(device, 201, {
      ETag: etag(device.version),
      Location: `/api/v1/devices/${device.id}`,
    })
  })
