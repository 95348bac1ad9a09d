import { createApp } from './app'
import { runCrlFetch } from './jobs/crl-fetch'
import { deadLetterBatch, deliverBatch } from './jobs/deliver'
import { runExpiryScan, type DigestMessage } from './jobs/expiry-scan'
import { closeAlert, JOB_NAMES, jobFailed, raiseAlert, type Job } from './notify/alert'

const app = createApp()

export { BackupWorkflow } from './workflows/backup'
export { RestoreWorkflow } from './workflows/restore'
export { ExportWorkflow } from './workflows/export'

/** Starts a workflow instance with this id unless one exists (a cron retried, a run repeated). */
async function startOnce<T>(workflow: Workflow<T>, id: string, params: T) {
  try {
    await workflow.create({ id, params })
    return true
  } catch (error) {
    if (/already exists|duplicate/i.test(String((error as Error)?.message))) return false
    throw error
  }
}

/** 19:00 UTC = 02:00 in Vietnam: the nightly backup (wrangler.toml). */
const BACKUP_CRON = '0 19 * * *'
/** Every hour at :30: the CRL fetch. The remaining cron is the morning scan. */
const CRL_CRON = '30 * * * *'

/** Each scheduled job as the department's alerts name it (the remaining cron is the scan). */
const JOBS: Record<string, Job> = {
  [BACKUP_CRON]: JOB_NAMES.backup,
  [CRL_CRON]: JOB_NAMES.crlFetch,
}

export default {
  fetch: app.fetch,

  /** Daily at 01:00 UTC (08:00 Vietnam time) the expiry scan; at 02:00 Vietnam time the backup. */
  async scheduled(controller, env) {
    const at = new Date(controller.scheduledTime)
    const job = JOBS[controller.cron] ?? JOB_NAMES.scan
    try {
      if (controller.cron === CRL_CRON) {
        const result = await runCrlFetch(env, at)
        console.log(
          JSON.stringify({ level: 'info', message: 'crl fetch', cron: controller.cron, ...result })
        )
      } else if (controller.cron === BACKUP_CRON) {
        // The backup runs as a Workflow (durable steps); one instance a night, however often the
        // cron fires. Its failure is told of by the workflow's own alert step.
        const id = `backup-${at.toISOString().slice(0, 10)}`
        const started = await startOnce(env.BACKUP_WORKFLOW, id, { at: at.toISOString() })
        console.log(
          JSON.stringify({ level: 'info', message: 'backup', cron: controller.cron, id, started })
        )
      } else {
        const result = await runExpiryScan(env, at)
        console.log(
          JSON.stringify({
            level: 'info',
            message: 'expiry scan',
            cron: controller.cron,
            ...result,
          })
        )
      }
      await closeAlert(env.DB, job[0], at).run()
    } catch (error) {
      // A failed job is safe to rerun (every step is idempotent): say why, tell the department
      // (once per incident, until a run succeeds again), then fail.
      const why = String((error as Error)?.message ?? error).slice(0, 500)
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'scheduled job failed',
          cron: controller.cron,
          error: String((error as Error)?.stack ?? error),
        })
      )
      await raiseAlert(env, jobFailed(job, at, why), at).catch(() => undefined) // telling must not hide the failure itself
      throw error
    }
  },

  /** Delivers queued digests; the dead-letter queue's consumer marks the hopeless ones failed. */
  async queue(batch, env) {
    if (batch.queue.endsWith('-dlq')) await deadLetterBatch(batch, env)
    else await deliverBatch(batch, env)
  },
} satisfies ExportedHandler<Env, DigestMessage>
