import { createApp } from './app'
import { runBackup } from './jobs/backup'
import { runCrlFetch } from './jobs/crl-fetch'
import { deadLetterBatch, deliverBatch } from './jobs/deliver'
import { runExpiryScan, type DigestMessage } from './jobs/expiry-scan'

const app = createApp()

/** 19:00 UTC = 02:00 in Vietnam: the nightly backup (wrangler.toml). */
const BACKUP_CRON = '0 19 * * *'
/** Every hour at :30: the CRL fetch. The remaining cron is the morning scan. */
const CRL_CRON = '30 * * * *'

export default {
  fetch: app.fetch,

  /** Daily at 01:00 UTC (08:00 Vietnam time) the expiry scan; at 02:00 Vietnam time the backup. */
  async scheduled(controller, env) {
    const at = new Date(controller.scheduledTime)
    try {
      if (controller.cron === CRL_CRON) {
        const result = await runCrlFetch(env, at)
        console.log(
          JSON.stringify({ level: 'info', message: 'crl fetch', cron: controller.cron, ...result })
        )
      } else if (controller.cron === BACKUP_CRON) {
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
