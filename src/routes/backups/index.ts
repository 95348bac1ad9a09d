import { createRoute, z } from '@hono/zod-openapi'
import { BackupSummary, Job } from '../../../schemas/job'
import { admins, auditors } from '../../auth/principal'
import type { App } from '../../env'
import { json, problems } from '../../http/openapi'
import type { Manifest } from '../../jobs/backup'
import { Problem } from '../../lib/problem'

const Date_ = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'bad-date' })

const list = createRoute({
  method: 'get',
  path: '/backups',
  tags: ['Operations'],
  summary: 'The nightly backups kept in R2 (90 days), newest first',
  middleware: [auditors()] as const,
  responses: {
    200: json(z.object({ items: z.array(BackupSummary) }), 'Backups'),
    ...problems(401, 403),
  },
})

const run = createRoute({
  method: 'post',
  path: '/backups',
  tags: ['Operations'],
  summary: 'Back up now (the BackupWorkflow the nightly cron starts)',
  middleware: [admins()] as const,
  responses: { 202: json(Job, 'Started'), ...problems(401, 403, 409) },
})

const restore = createRoute({
  method: 'post',
  path: '/backups/{date}/restore',
  tags: ['Operations'],
  summary: 'Restore a backup into the empty database bound as RESTORE_DB (a RestoreWorkflow)',
  description:
    'The manifest’s signature and every part are checked before anything is written; then the rows, the references between them, the counts and the audit chain. Follow it with GET /jobs/{id}. README, Operations, has the whole procedure (create the database, migrate it, bind it, restore, switch).',
  middleware: [admins()] as const,
  request: { params: z.object({ date: Date_ }) },
  responses: { 202: json(Job, 'Started'), ...problems(401, 403, 404, 409) },
})

const job = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  tags: ['Operations'],
  summary: 'How a backup, restore or export job is doing',
  middleware: [auditors()] as const,
  request: { params: z.object({ id: z.string().regex(/^(backup|restore|export)-[\w.-]{1,80}$/) }) },
  responses: { 200: json(Job, 'The job'), ...problems(401, 403, 404) },
})

/** The workflow of a job id. */
const workflowOf = (env: Env, id: string) =>
  id.startsWith('backup-')
    ? env.BACKUP_WORKFLOW
    : id.startsWith('restore-')
      ? env.RESTORE_WORKFLOW
      : env.EXPORT_WORKFLOW

export function registerBackups(api: App) {
  api.openapi(list, async (c) => {
    const { delimitedPrefixes } = await c.env.BACKUPS.list({ prefix: 'backups/', delimiter: '/' })
    const items = await Promise.all(
      delimitedPrefixes
        .sort()
        .reverse()
        .map(async (prefix) => {
          const manifest = (await (await c.env.BACKUPS.get(`${prefix}manifest.json`))?.json()) as
            Manifest | undefined
          return {
            date: prefix.slice('backups/'.length, -1),
            prefix,
            createdAt: manifest?.createdAt ?? null,
            migration: manifest?.migration ?? null,
            rows: Object.fromEntries(
              Object.entries(manifest?.tables ?? {}).map(([t, e]) => [t, e.rows])
            ),
            complete: Boolean(manifest?.signature),
          }
        })
    )
    return c.json({ items }, 200)
  })

  api.openapi(run, async (c) => {
    // One backup a day (the nightly one, or this): two runs would write the same day's parts.
    const now = new Date()
    const id = `backup-${now.toISOString().slice(0, 10)}`
    const exists = await c.env.BACKUP_WORKFLOW.get(id).then(
      () => true,
      () => false
    )
    if (exists)
      throw new Problem(409, 'backup-exists-today', { id }, undefined, {
        Location: `/api/v1/jobs/${id}`,
      })
    await c.env.BACKUP_WORKFLOW.create({ id, params: { at: now.toISOString() } })
    return c.json({ id, kind: 'backup' as const, status: 'queued' }, 202, {
      Location: `/api/v1/jobs/${id}`,
    })
  })

  api.openapi(restore, async (c) => {
    const { date } = c.req.valid('param')
    const prefix = `backups/${date}/`
    if (!(await c.env.BACKUPS.head(`${prefix}manifest.json`)))
      throw new Problem(404, 'backup-not-found', { date })
    if (!(c.env as Env & { RESTORE_DB?: D1Database }).RESTORE_DB)
      throw new Problem(409, 'restore-target-missing')
    const id = `restore-${date}-${Date.now()}`
    await c.env.RESTORE_WORKFLOW.create({ id, params: { prefix } })
    return c.json({ id, kind: 'restore' as const, status: 'queued' }, 202, {
      Location: `/api/v1/jobs/${id}`,
    })
  })

  api.openapi(job, async (c) => {
    const { id } = c.req.valid('param')
    let instance: WorkflowInstance
    try {
      instance = await workflowOf(c.env, id).get(id)
    } catch {
      throw new Problem(404, 'job-not-found', { id })
    }
    const status = await instance.status()
    return c.json(
      {
        id,
        kind: id.split('-')[0] as 'backup' | 'restore' | 'export',
        status: status.status,
        output: status.output,
        error: status.error ? String(status.error.message ?? status.error) : null,
      },
      200
    )
  })
}
