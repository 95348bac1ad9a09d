import { createApp } from './app'

const app = createApp()

export default {
  fetch: app.fetch,

  /** Daily at 01:00 UTC (08:00 Vietnam time): the expiry scan (filled by the reminders work). */
  async scheduled(controller) {
    console.log(
      JSON.stringify({
        level: 'info',
        message: 'scheduled',
        cron: controller.cron,
        at: new Date(controller.scheduledTime).toISOString(),
      })
    )
  },

  /** Delivers queued notice digests (filled by the reminders work): acknowledged, not lost. */
  async queue(batch) {
    console.log(
      JSON.stringify({
        level: 'info',
        message: 'queue',
        queue: batch.queue,
        messages: batch.messages.length,
      })
    )
    batch.ackAll()
  },
} satisfies ExportedHandler<Env>
