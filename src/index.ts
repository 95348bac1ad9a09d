import { createApp } from './app'
import { deadLetterBatch, deliverBatch } from './jobs/deliver'
import { runExpiryScan, type DigestMessage } from './jobs/expiry-scan'

const app = createApp()

export default {
  fetch: app.fetch,

  /** Daily at 01:00 UTC (08:00 Vietnam time): the expiry scan. */
  async scheduled(controller, env) {
    const result = await runExpiryScan(env, new Date(controller.scheduledTime))
    console.log(
      JSON.stringify({ level: 'info', message: 'expiry scan', cron: controller.cron, ...result })
    )
  },

  /** Delivers queued digests; the dead-letter queue's consumer marks the hopeless ones failed. */
  async queue(batch, env) {
    if (batch.queue.endsWith('-dlq')) await deadLetterBatch(batch, env)
    else await deliverBatch(batch, env)
  },
} satisfies ExportedHandler<Env, DigestMessage>
