import type { Hono } from 'hono'
import type { AppEnv } from '../env'

/** A scan or backup older than this (both run daily) means a schedule has stopped. */
const STALE_MS = 26 * 3600_000

/**
 * GET /health: the database reachable, the latest migration applied, and when the morning scan
 * and the nightly backup last ran, and the open alerts. 503 when the database cannot be reached;
 * "degraded" (still 200) when the scan or the backup is more than a day old, or an alert is open
 * (a CA's CRL that cannot be fetched, or has gone stale).
 */
export function registerHealth(app: Hono<AppEnv>) {
  app.get('/health', async (c) => {
    const now = new Date()
    const latest = (action: string) =>
      c.env.DB.prepare('SELECT at FROM audit_log WHERE action = ?1 ORDER BY seq DESC LIMIT 1').bind(
        action
      )
    try {
      const [migration, scan, backup, alerts] = await c.env.DB.batch<any>([
        c.env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1'),
        latest('reminders.scan'),
        latest('backup.run'),
        c.env.DB.prepare(
          'SELECT key, subject, opened_at AS openedAt FROM alerts WHERE closed_at IS NULL ORDER BY opened_at'
        ),
      ])
      const lastExpiryScan = scan.results[0]?.at ?? null
      const lastBackup = backup.results[0]?.at ?? null
      const old = (at: string | null) => at !== null && now.getTime() - Date.parse(at) > STALE_MS
      const status =
        old(lastExpiryScan) || old(lastBackup) || alerts.results.length ? 'degraded' : 'ok'
      return c.json(
        {
          status,
          database: 'ok',
          migration: migration.results[0]?.name ?? null,
          lastExpiryScan,
          lastBackup,
          // Open incidents the department was told of: a CA's CRL not fetched, or stale.
          alerts: alerts.results,
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
          lastBackup: null,
          time: now.toISOString(),
        },
        503
      )
    }
  })
}
