import { createRoute } from '@hono/zod-openapi'
import { Page } from '../../../schemas/common'
import { Notice, NoticeListQuery } from '../../../schemas/notice'
import { readers } from '../../auth/principal'
import { scopeOf } from '../../auth/scope'
import { listNotices } from '../../db/notice-list'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const route = createRoute({
  method: 'get',
  path: '/notices',
  tags: ['Reminders'],
  summary: 'Expiry notices (by agency, certificate, state, threshold, due date)',
  middleware: [readers()] as const,
  request: { query: NoticeListQuery },
  responses: {
    200: json(Page(Notice), 'A page of notices, by due date'),
    ...problems(400, 401, 403),
  },
})

export const registerListNotices = (api: App) =>
  api.openapi(route, async (c) =>
    c.json(
      await listNotices(c.env.DB, { ...c.req.valid('query'), scope: scopeOf(c.get('principal')) }),
      200
    )
  )
