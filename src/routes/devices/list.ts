import { createRoute } from '@hono/zod-openapi'
import { Page } from '../../../schemas/common'
import { Device, DeviceListQuery } from '../../../schemas/device'
import { readers } from '../../auth/principal'
import { listDevices } from '../../db/devices'
import { scopeOf } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/devices',
  tags: ['Devices'],
  summary: 'List devices (agency or subtree, status, kind, holder, serial prefix)',
  middleware: [readers()] as const,
  request: { query: DeviceListQuery },
  responses: {
    200: json(Page(Device), 'A page of devices, by serial'),
    ...problems(400, 401, 403),
  },
})

export const registerListDevices = (api: App) =>
  api.openapi(route, async (c) =>
    c.json(
      await listDevices(c.env.DB, { ...c.req.valid('query'), scope: scopeOf(c.get('principal')) }),
      200
    )
  )
