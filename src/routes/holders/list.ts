import { createRoute } from '@hono/zod-openapi'
import { Page } from '../../../schemas/common'
import { Holder, HolderListQuery } from '../../../schemas/holder'
import { readers } from '../../auth/principal'
import { listHolders } from '../../db/holders'
import { scopeOf } from '../../auth/scope'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import { auditPersonalRead } from '../../http/personal-data'
import { presentHolder } from './present'

const route = createRoute({
  method: 'get',
  path: '/holders',
  tags: ['Holders'],
  summary: 'List holders (by agency or subtree, kind, name without diacritics)',
  middleware: [readers()] as const,
  request: { query: HolderListQuery },
  responses: { 200: json(Page(Holder), 'A page of holders, by name'), ...problems(400, 401, 403) },
})

export const registerListHolders = (api: App) =>
  api.openapi(route, async (c) => {
    const page = await listHolders(c.env.DB, {
      ...c.req.valid('query'),
      scope: scopeOf(c.get('principal')),
    })
    const principal = c.get('principal')
    await auditPersonalRead(
      c,
      'holder',
      page.items.filter((h) => h.nationalId).map((h) => h.id)
    )
    return c.json({ ...page, items: page.items.map((h) => presentHolder(h, principal)) }, 200)
  })
