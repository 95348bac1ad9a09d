import type { Hono } from 'hono'
import type { AppEnv } from '../env'

/** A scan or backup older than this (both run daily) means a schedule has stopped. */
const STALE_MS = 26 * 3600_000
/** A digest on the queue longer than this is stuck (retries end within the hour). */
const STUCK_MS = 6 * 3600_000

/** Why the registry is degraded, in words a person on call reads. */
export interface Reason {
  code: 'scan-late' | 'backup-late' | 'queue-stuck' | 'alert'
  detail: string
}

/**
 * GET /health: the database reachable, the latest migration, when the morning scan and the nightly
 * backup last ran, and the open alerts. 200 "ok"; 503 "degraded" with the reasons when the scan
 * or the backup is more than 26 hours old (or has never run a day after the last deploy), digests
 * sit on the queue for hours, or an alert is open (a job that failed, a CA's CRL not fetched or
 * stale); 503 "down" when the database cannot be reached. Monitors and Cloudflare's health checks
 * read the status code.
 */
export function registerHealth(app: Hono<AppEnv>) {
  app.get('/health', async (c) => {
    const now = new Date()
    const latest = (action: string) =>
      c.env.DB.prepare('SELECT at FROM audit_log WHERE action = ?1 ORDER BY seq DESC LIMIT 1').bind(
        action
      )
    try {
      const [migration, scan, backup, alerts, stuck] = await c.env.DB.batch<any>([
        c.env.DB.prepare('SELECT name, applied_at FROM d1_migrations ORDER BY id DESC LIMIT 1'),
        latest('reminders.scan'),
        latest('backup.run'),
        c.env.DB.prepare(
          'SELECT key, subject, opened_at AS openedAt FROM alerts WHERE closed_at IS NULL ORDER BY opened_at'
        ),
        c.env.DB.prepare(
          "SELECT count(*) AS n FROM digests WHERE state = 'queued' AND created_at < ?1"
        ).bind(new Date(now.getTime() - STUCK_MS).toISOString()),
      ])
      const lastExpiryScan: string | null = scan.results[0]?.at ?? null
      const lastBackup: string | null = backup.results[0]?.at ?? null
      const deployedAt = migration.results[0]?.applied_at
        ? Date.parse(`${String(migration.results[0].applied_at).replace(' ', 'T')}Z`)
        : now.getTime()
      // Late: run longer ago than a day and two hours, or never though deployed that long ago.
      const late = (at: string | null) =>
        now.getTime() - (at === null ? deployedAt : Date.parse(at)) > STALE_MS
      const reasons: Reason[] = []
      if (late(lastExpiryScan))
        reasons.push({
          code: 'scan-late',
          detail: lastExpiryScan ? `last expiry scan ${lastExpiryScan}` : 'no expiry scan yet',
        })
      if (late(lastBackup))
        reasons.push({
          code: 'backup-late',
          detail: lastBackup ? `last backup ${lastBackup}` : 'no backup yet',
        })
      if (stuck.results[0].n > 0)
        reasons.push({
          code: 'queue-stuck',
          detail: `${stuck.results[0].n} digests queued for hours`,
        })
      for (const a of alerts.results) reasons.push({ code: 'alert', detail: a.subject })
      return c.json(
        {
          status: reasons.length ? 'degraded' : 'ok',
          reasons,
          database: 'ok',
          migration: migration.results[0]?.name ?? null,
          lastExpiryScan,
          lastBackup,
          // Open incidents the department was told of: a job that failed, a CA's CRL not fetched.
          alerts: alerts.results,
          time: now.toISOString(),
        },
        reasons.length ? 503 : 200,
        { 'cache-control': 'no-store' }
      )
    } catch {
      return c.json(
        {
          status: 'down',
          reasons: [],
          database: 'unreachable',
          migration: null,
          lastExpiryScan: null,
          lastBackup: null,
          alerts: [],
          time: now.toISOString(),
        },
        503
      )
    }
  })
}
