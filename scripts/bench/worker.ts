// The registry's Worker for benchmarks, plus the storage floors every hot path is compared with:
// one D1 primary-key select behind the app's whole middleware (request id, log, security headers,
// CORS, body limit, D1 session, principal), as any endpoint of the registry pays it, and the same
// select with no framework at all. The framework floor is /health (itself a batch of three reads).
import { createApp } from '../../src/app'
import { runExpiryScan } from '../../src/jobs/expiry-scan'

const byId = (db: D1Database, id: string | null | undefined) =>
  db.prepare('SELECT id, serial, not_after FROM certificates WHERE id = ?1').bind(id).first()

const app = createApp()
app.get('/api/v1/__bench/pk', async (c) => c.json(await byId(c.env.DB, c.req.query('id'))))

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(request.url)
    if (url.pathname === '/__bench/pk')
      return Response.json(await byId(env.DB, url.searchParams.get('id')))
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
    return app.fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Env>
