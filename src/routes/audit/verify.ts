import { createRoute, z } from '@hono/zod-openapi'
import { AuditVerification } from '../../../schemas/access'
import { auditors } from '../../auth/principal'
import { chainSlice } from '../../db/audit'
import { firstBrokenLink } from '../../domain/audit-chain'
import type { App } from '../../env'
import { json, problems } from '../../lib/openapi'

const SLICE = 1000

const route = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['Audit'],
  summary: 'Recompute the audit hash chain and report the first broken link',
  middleware: [auditors()] as const,
  request: {
    query: z.object({
      fromSeq: z.coerce.number().int().min(1).default(1),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(200_000)
        .default(50_000)
        .openapi({ description: 'Entries to check in this call' }),
    }),
  },
  responses: {
    200: json(AuditVerification, 'ok, or the first entry whose link is broken'),
    ...problems(400, 401, 403),
  },
})

export const registerVerifyAudit = (api: App) =>
  api.openapi(route, async (c) => {
    const { fromSeq, limit } = c.req.valid('query')
    let checked = 0
    let from = fromSeq
    let prevHash: string | null | undefined
    while (checked < limit) {
      const slice = await chainSlice(c.env.DB, from, Math.min(SLICE, limit - checked))
      if (!slice.entries.length)
        return c.json({ ok: true, checked, firstBroken: null, nextFromSeq: null }, 200)
      const broken = await firstBrokenLink(
        slice.entries,
        prevHash === undefined ? slice.prevHash : prevHash
      )
      if (broken)
        return c.json(
          {
            ok: false,
            checked: checked + slice.entries.findIndex((e) => e.seq === broken.seq),
            firstBroken: broken,
            nextFromSeq: null,
          },
          200
        )
      checked += slice.entries.length
      const last = slice.entries[slice.entries.length - 1]
      prevHash = last.hash
      from = last.seq + 1
    }
    return c.json({ ok: true, checked, firstBroken: null, nextFromSeq: from }, 200)
  })
