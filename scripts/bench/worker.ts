// The registry's Worker for benchmarks, plus the storage floors every hot path is compared with:
// one D1 primary-key select behind the app's whole middleware (request id, log, security headers,
// CORS, body limit, D1 session, principal), as any endpoint of the registry pays it, and the same
// select with no framework at all. The framework floor is /health (itself a batch of three reads).
import { createApp } from '../../src/app'
import { runExpiryScan } from '../../src/jobs/expiry-scan'
import { importBacklog, measureJobs } from './invocations'

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
      // A fresh morning, then one scan timed (the queue is not consumed).
      await freshMorning(env.DB)
      const started = performance.now()
      const result = await runExpiryScan(env, new Date(url.searchParams.get('at') ?? Date.now()))
      return Response.json({ ...result, ms: performance.now() - started })
    }
    if (url.pathname === '/__bench/jobs') {
      // Every job, invocation by invocation, after a bulk import of `backlog` certificates due
      // soon; the restore goes into RESTORE_DB, which ./jobs.ts gives an empty schema first.
      await freshMorning(env.DB)
      const now = new Date()
      const cleanUp = await importBacklog(env.DB, Number(url.searchParams.get('backlog')), now)
      try {
        return Response.json(await measureJobs(env, now))
      } catch (error) {
        return Response.json({ error: String((error as Error)?.stack ?? error) })
      } finally {
        await cleanUp()
      }
    }
    if (url.pathname === '/__bench/restore-schema') {
      // The registry's schema, as the migrations made it, into the empty RESTORE_DB.
      await cloneSchema(env.DB, (env as Env & { RESTORE_DB: D1Database }).RESTORE_DB)
      return new Response(null, { status: 204 })
    }
    return app.fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Env>

/**
 * Copies a database's schema (tables, indexes, triggers, full-text tables) into an empty one, in
 * the order SQLite made it; the full-text tables' own shadow tables are made by their CREATE.
 */
async function cloneSchema(from: D1Database, to: D1Database) {
  const { results } = await from
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY rowid`
    )
    .all<{ name: string; sql: string }>()
  const virtual = results.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql)).map((r) => r.name)
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`))
  for (const { name, sql } of results) if (!shadow(name)) await to.prepare(sql).run()
}

/** A fresh morning: earlier runs' notices and digests forgotten. */
const freshMorning = (db: D1Database) =>
  db.batch(
    ['DELETE FROM notices', "DELETE FROM digests WHERE kind IN ('agency', 'escalation')"].map(
      (sql) => db.prepare(sql)
    )
  )
