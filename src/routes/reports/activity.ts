import { createRoute, z } from '@hono/zod-openapi'
import { admins } from '../../auth/principal'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'

const Activity = z
  .object({
    since: z.string(),
    noticesCreated: z.number().int(),
    noticesSent: z.number().int(),
    noticesFailed: z.number().int(),
    imports: z.number().int(),
    importedRows: z.number().int(),
    lastExpiryScan: z.string().nullable(),
    lastBackup: z.string().nullable(),
    failedSignIns: z.number().int().openapi({
      description:
        'Failed sign-in attempts since (counted per day and client, not audited one by one)',
    }),
  })
  .openapi('Activity')

const route = createRoute({
  method: 'get',
  path: '/reports/activity',
  tags: ['Reports'],
  summary: "The registry's own activity over the last days (admins): notices, imports, schedules",
  description:
    'From D1. Status lookups and errors are counted in Workers Analytics Engine (dataset cert_registry), see README.',
  middleware: [admins()] as const,
  request: { query: z.object({ days: z.coerce.number().int().min(1).max(90).default(7) }) },
  responses: { 200: json(Activity, 'Activity'), ...problems(400, 401, 403) },
})

export const registerActivity = (api: App) =>
  api.openapi(route, async (c) => {
    const since = new Date(Date.now() - c.req.valid('query').days * 86_400_000).toISOString()
    const db = c.env.DB
    const row = await db
      .prepare(
        `SELECT
           (SELECT count(*) FROM notices WHERE created_at >= ?1 AND state <> 'superseded') AS created,
           (SELECT count(*) FROM notices WHERE sent_at >= ?1) AS sent,
           (SELECT count(*) FROM notices n JOIN digests d ON d.id = n.digest_id WHERE n.state = 'failed' AND d.created_at >= ?1) AS failed,
           (SELECT count(*) FROM audit_log WHERE action = 'import.run' AND at >= ?1) AS imports,
           (SELECT coalesce(sum(json_extract(after, '$.created') + json_extract(after, '$.updated')), 0) FROM audit_log WHERE action = 'import.run' AND at >= ?1) AS rows,
           (SELECT at FROM audit_log WHERE action = 'reminders.scan' ORDER BY seq DESC LIMIT 1) AS scan,
           (SELECT at FROM audit_log WHERE action = 'backup.run' ORDER BY seq DESC LIMIT 1) AS backup,
           (SELECT coalesce(sum(n), 0) FROM signin_failures WHERE last >= ?1) AS failures`
      )
      .bind(since)
      .first<{
        created: number
        sent: number
        failed: number
        imports: number
        rows: number
        scan: string | null
        backup: string | null
        failures: number
      }>()
    return c.json(
      {
        since,
        noticesCreated: row!.created,
        noticesSent: row!.sent,
        noticesFailed: row!.failed,
        imports: row!.imports,
        importedRows: row!.rows,
        lastExpiryScan: row!.scan,
        lastBackup: row!.backup,
        failedSignIns: row!.failures,
      },
      200
    )
  })
