import type { Hono } from 'hono'
import type { AppEnv } from '../env'

/** A scan older than this (the cron runs daily) means reminders have stopped going out. */
const SCAN_STALE_MS = 26 * 3600_000

/**
 * GET /health: the database reachable, the latest migration applied, and when the morning scan
 * last ran. 503 when the database cannot be reached; "degraded" (still 200) when the scan is stale.
 */
export function registerHealth(app: Hono<AppEnv>) {
  app.get('/health', async (c) => {
    const now = new Date()
    try {
      const [migration, scan] = await c.env.DB.batch<{ name?: string; at?: string }>([
        c.env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1'),
        c.env.DB.prepare(
          "SELECT at FROM audit_log WHERE action = 'reminders.scan' ORDER BY seq DESC LIMIT 1"
        ),
      ])
      const lastScan = scan.results[0]?.at ?? null
      const stale = lastScan !== null && now.getTime() - Date.parse(lastScan) > SCAN_STALE_MS
      return c.json(
        {
          status: stale ? 'degraded' : 'ok',
          database: 'ok',
          migration: migration.results[0]?.name ?? null,
          lastExpiryScan: lastScan,
          time: now.toISOString(),
        },
        200
      )
    } catch {
      return c.json(
        {
          status: 'down',
          database: 'unreachable',
          migration: null,
          lastExpiryScan: null,
          time: now.toISOString(),
        },
        503
      )
    }
  })
}
