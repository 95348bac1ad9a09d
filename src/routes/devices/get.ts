import { createRoute } from '@hono/zod-openapi'
import { IdParam } from '../../../schemas/common'
import { DeviceDetail } from '../../../schemas/device'
import { readers } from '../../auth/principal'
import { custodyOf } from '../../db/devices'
import { assertVisible } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { etag } from '../../http/versions'
import { requireDevice } from '../lookups'

const route = createRoute({
  method: 'get',
  path: '/devices/{id}',
  tags: ['Devices'],
  summary: 'One device with its custody ledger',
  middleware: [readers()] as const,
  request: { params: IdParam },
  responses: {
    200: json(DeviceDetail, 'The device; its ETag is for If-Match'),
    ...problems(401, 403, 404),
  },
})

export const registerGetDevice = (api: App) =>
  api.openapi(route, async (c) => {
    const device = await requireDevice(c.env.DB, c.req.valid('param').id)
    await assertVisible(c, 'device', device.id, device.agencyId)
    const custody = await custodyOf(c.env.DB, device.id)
    return c.json({ ...device, custody }, 200, { ETag: etag(device.version) })
  })
