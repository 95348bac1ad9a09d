// The registry's Worker for benchmarks, plus one bare endpoint: a single D1 primary-key select,
// the storage floor every hot path is compared with (the framework floor is /health).
import worker from '../../src/index'
import { runExpiryScan } from '../../src/jobs/expiry-scan'

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(request.url)
    if (url.pathname === '/__bench/pk') {
      const row = await env.DB.prepare(
        'SELECT id, serial, not_after FROM certificates WHERE id = ?1'
      )
        .bind(url.searchParams.get('id'))
        .first()
      return Response.json(row)
    }
    if (url.pathname === '/__bench/scan') {
      // A fresh morning: forget earlier runs' notices, then time one scan (the queue is not consumed).
      await env.DB.batch(
        ['DELETE FROM notices', "DELETE FROM digests WHERE kind IN ('agency', 'escalation')"].map(
          (sql) => env.DB.prepare(sql)
        )
      )
      const started = performance.now()
      const result = await runExpiryScan(env, new Date(url.searchParams.get('at') ?? Date.now()))
      return Response.json({ ...result, ms: performance.now() - started })
    }
    return worker.fetch(request, env, ctx)
  },
  scheduled: worker.scheduled,
} satisfies ExportedHandler<Env>
