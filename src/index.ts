import { createApp } from './app'
import { runBackup } from './jobs/backup'
import { deadLetterBatch, deliverBatch } from './jobs/deliver'
import { runExpiryScan, type DigestMessage } from './jobs/expiry-scan'

const app = createApp()

/** 19:00 UTC = 02:00 in Vietnam: the nightly backup (wrangler.toml); the other cron is the scan. */
const BACKUP_CRON = '0 19 * * *'

export default {
  fetch: app.fetch,

  /** Daily at 01:00 UTC (08:00 Vietnam time) the expiry scan; at 02:00 Vietnam time the backup. */
  async scheduled(controller, env) {
    const at = new Date(controller.scheduledTime)
    try {
      if (controller.cron === BACKUP_CRON) {
        const { prefix, tables } = await runBackup(env, at)
        const rows = Object.values(tables).reduce((n, t) => n + t.rows, 0)
        console.log(
          JSON.stringify({ level: 'info', message: 'backup', cron: controller.cron, prefix, rows })
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
    } catch (error) {
      // A failed scan or backup is safe to rerun (every step is idempotent): say why, then fail.
      console.error(
        JSON.stringify({
          level: 'error',
          message: 'scheduled job failed',
          cron: controller.cron,
          error: String((error as Error)?.stack ?? error),
        })
      )
      throw error
    }
  },

  /** Delivers queued digests; the dead-letter queue's consumer marks the hopeless ones failed. */
  async queue(batch, env) {
    if (batch.queue.endsWith('-dlq')) await deadLetterBatch(batch, env)
    else await deliverBatch(batch, env)
  },
} satisfies ExportedHandler<Env, DigestMessage>
