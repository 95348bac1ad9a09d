import { createRoute, z } from '@hono/zod-openapi'
import { DeviceListQuery } from '../../../schemas/device'
import { readers } from '../../auth/principal'
import { scopeOf } from '../../auth/scope'
import { deviceExportPage } from '../../db/exports'
import type { App } from '../../env'
import { encodeCursor } from '../../lib/cursor'
import { csvLine, csvResponse, vnDateTime } from '../../lib/csv'
import { problems } from '../../http/openapi'

const PAGE = 1000

const route = createRoute({
  method: 'get',
  path: '/exports/devices.csv',
  tags: ['Import and export'],
  summary: 'Devices with their current holder as CSV (same filters as the list), streamed',
  middleware: [readers()] as const,
  request: { query: DeviceListQuery.omit({ cursor: true, limit: true }) },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...problems(400, 401, 403),
  },
})

export const registerDeviceExport = (api: App) =>
  api.openapi(route, async (c) => {
    const query = c.req.valid('query')
    const scope = scopeOf(c.get('principal'))
    return csvResponse(
      `thiet-bi-${new Date().toISOString().slice(0, 10)}.csv`,
      (p) => c.executionCtx.waitUntil(p),
      async (write) => {
        await write(
          csvLine([
            'Số serial thiết bị',
            'Loại thiết bị',
            'Loại',
            'Trạng thái',
            'Mã cơ quan',
            'Cơ quan',
            'Người giữ',
            'Ngày bàn giao',
            'Số biên bản bàn giao',
          ])
        )
        let cursor: string | undefined
        for (;;) {
          const rows = await deviceExportPage(c.env.DB, { ...query, limit: PAGE, cursor, scope })
          for (const r of rows.slice(0, PAGE))
            await write(
              csvLine([
                r.serial,
                r.model,
                r.kind,
                r.status,
                r.agency_code,
                r.agency_name,
                r.holder_name,
                vnDateTime(r.assigned_at),
                r.handover_ref,
              ])
            )
          if (rows.length <= PAGE) break
          cursor = encodeCursor({ key: rows[PAGE - 1].serial, id: rows[PAGE - 1].id })
        }
      }
    )
  })
