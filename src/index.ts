import { createApp } from './app'
import { runBackup } from './jobs/backup'
import { runCrlFetch } from './jobs/crl-fetch'
import { deadLetterBatch, deliverBatch } from './jobs/deliver'
import { runExpiryScan, type DigestMessage } from './jobs/expiry-scan'
import { closeAlert, raiseAlert } from './notify/alert'

const app = createApp()

/** 19:00 UTC = 02:00 in Vietnam: the nightly backup (wrangler.toml). */
const BACKUP_CRON = '0 19 * * *'
/** Every hour at :30: the CRL fetch. The remaining cron is the morning scan. */
const CRL_CRON = '30 * * * *'

/** Each scheduled job as the department's alerts name it. */
const JOBS: Record<string, [key: string, vi: string, en: string]> = {
  [BACKUP_CRON]: ['job:backup', 'sao lưu hằng đêm', 'the nightly backup'],
  [CRL_CRON]: ['job:crl-fetch', 'tải CRL theo lịch', 'the scheduled CRL fetch'],
}
const SCAN: [string, string, string] = [
  'job:expiry-scan',
  'quét hạn buổi sáng',
  'the morning expiry scan',
]

export default {
  fetch: app.fetch,

  /** Daily at 01:00 UTC (08:00 Vietnam time) the expiry scan; at 02:00 Vietnam time the backup. */
  async scheduled(controller, env) {
    const at = new Date(controller.scheduledTime)
    const job = JOBS[controller.cron] ?? SCAN
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
      await raiseAlert(
        env,
        {
          key: job[0],
          kind: 'job',
          subject: `Lỗi ${job[1]}`,
          detail: [
            `Lần chạy ${job[1]} lúc ${at.toISOString()} bị lỗi: ${why}`,
            'Công việc chạy lại an toàn ở lần hẹn giờ sau; nếu lỗi lặp lại, xem nhật ký Workers (Workers Logs).',
            '',
            '--- English ---',
            `The run of ${job[2]} at ${at.toISOString()} failed: ${why}`,
            'It is safe to rerun at the next trigger; if it keeps failing, see Workers Logs.',
          ].join('\n'),
        },
        at
      ).catch(() => undefined) // telling must not hide the failure itself
      throw error
    }
  },

  /** Delivers queued digests; the dead-letter queue's consumer marks the hopeless ones failed. */
  async queue(batch, env) {
    if (batch.queue.endsWith('-dlq')) await deadLetterBatch(batch, env)
    else await deliverBatch(batch, env)
  },
} satisfies ExportedHandler<Env, DigestMessage>
