import type { Summary } from '../../schemas/report'
import { vnDayNumber, vnDayStart } from '../lib/time'
import { subtreeOf } from './query'

const VERSION = 'SELECT n FROM data_version WHERE id = 1'

/** The registry's data version: moved on by every write that the reports count (migration 0007). */
export async function dataVersion(db: D1Database) {
  return (await db.prepare(VERSION).first<{ n: number }>())?.n ?? 0
}

type Period = { from: string; to: string }

/**
 * The SQL of the summary's figures (with the data version first). Each count uses the same
 * conditions as the list filters (so the figures equal what the lists return) within the agency
 * subtree, if any; the certificate counts read the covering indexes of migration 0008 only.
 */
export function summaryQueries(now: Date, agencyId: string | undefined, period: Period) {
  const t = now.toISOString()
  const today = vnDayNumber(now)
  const d30 = vnDayStart(today + 31).toISOString()
  const d60 = vnDayStart(today + 61).toISOString()
  const inScope = (column: string) =>
    agencyId ? `${column} IN (${subtreeOf('?9')})` : '?9 IS NULL'
  // ?9 is the agency in every statement; ?1–?8 what each needs.
  const query = (sql: string, ...params: unknown[]) => ({
    sql,
    params: [...params, ...Array(8 - params.length).fill(null), agencyId ?? null],
  })
  return [
    { sql: VERSION, params: [] as unknown[] },
    query(
      `SELECT kind,
         sum(revoked_at IS NULL AND not_before <= ?1 AND not_after > ?1) AS active,
         sum(revoked_at IS NULL AND replaced_by_id IS NULL AND not_before <= ?1 AND not_after > ?1 AND not_after < ?2) AS expiring30,
         sum(revoked_at IS NULL AND replaced_by_id IS NULL AND not_before <= ?1 AND not_after > ?1 AND not_after < ?3) AS expiring60,
         sum(revoked_at IS NULL AND not_after <= ?1) AS expired,
         sum(revoked_at IS NOT NULL) AS revoked,
         sum(revoked_at IS NULL AND not_before > ?1) AS notYetValid
       FROM certificates WHERE ${inScope('agency_id')} GROUP BY kind`,
      t,
      d30,
      d60
    ),
    query(
      `SELECT status, count(*) AS n FROM devices WHERE ${inScope('agency_id')} GROUP BY status`
    ),
    query(
      `SELECT count(*) AS active,
         sum(EXISTS (SELECT 1 FROM certificates c WHERE c.agency_id = a.id AND c.kind = 'organisation'
                     AND c.revoked_at IS NULL AND c.not_before <= ?1 AND c.not_after > ?1)) AS covered
       FROM agencies a WHERE a.status = 'active' AND ${inScope('a.id')}`,
      t
    ),
    query(`SELECT state, count(*) AS n FROM notices WHERE ${inScope('agency_id')} GROUP BY state`),
    query(
      `SELECT count(*) AS n FROM certificate_acks k JOIN certificates c ON c.id = k.certificate_id WHERE ${inScope('c.agency_id')}`
    ),
    query(
      `SELECT reason_code, count(*) AS n FROM certificates WHERE revoked_at >= ?1 AND revoked_at < ?2 AND ${inScope('agency_id')} GROUP BY reason_code`,
      period.from,
      period.to
    ),
    // Through certificates_renewals (the period's few renewals), not the agency's every certificate.
    query(
      `SELECT count(*) AS n FROM certificates WHERE replaces_id IS NOT NULL AND created_at >= ?1 AND created_at < ?2 AND ${inScope('+agency_id')}`,
      period.from,
      period.to
    ),
  ]
}

/** The summary's figures, in one batch (one transaction), with the data version they were read at. */
export async function summary(
  db: D1Database,
  now: Date,
  agencyId: string | undefined,
  period: Period
): Promise<{ figures: Summary; version: number }> {
  const t = now.toISOString()
  const [version, certs, devices, agencies, notices, acks, revocations, renewals] =
    await db.batch<any>(
      summaryQueries(now, agencyId, period).map((q) => db.prepare(q.sql).bind(...q.params))
    )
  const zero = { active: 0, expiring30: 0, expiring60: 0, expired: 0, revoked: 0, notYetValid: 0 }
  const byKind = Object.fromEntries(
    certs.results.map((r: any) => [
      r.kind,
      {
        ...zero,
        ...Object.fromEntries(
          Object.entries(r)
            .filter(([k]) => k !== 'kind')
            .map(([k, v]) => [k, Number(v ?? 0)])
        ),
      },
    ])
  )
  const noticeCounts = Object.fromEntries(notices.results.map((r: any) => [r.state, r.n]))
  const active = Number(agencies.results[0]?.active ?? 0)
  const covered = Number(agencies.results[0]?.covered ?? 0)
  const figures: Summary = {
    asOf: t,
    agencyId: agencyId ?? null,
    certificates: { personal: byKind.personal ?? zero, organisation: byKind.organisation ?? zero },
    devices: Object.fromEntries(
      ['in_stock', 'assigned', 'lost', 'damaged', 'retired'].map((s) => [
        s,
        devices.results.find((r: any) => r.status === s)?.n ?? 0,
      ])
    ),
    agencies: {
      active,
      withOrganisationCertificate: covered,
      coveragePercent: active ? Math.round((covered / active) * 1000) / 10 : 0,
    },
    period: {
      from: period.from,
      to: period.to,
      revocationsByReason: Object.fromEntries(
        revocations.results.map((r: any) => [String(r.reason_code), r.n])
      ),
      renewals: Number(renewals.results[0]?.n ?? 0),
    },
    notices: {
      pending: noticeCounts.pending ?? 0,
      sent: noticeCounts.sent ?? 0,
      failed: noticeCounts.failed ?? 0,
      acknowledged: Number(acks.results[0]?.n ?? 0),
      superseded: noticeCounts.superseded ?? 0,
      suppressed: noticeCounts.suppressed ?? 0,
    },
  }
  return { figures, version: Number(version.results[0]?.n ?? 0) }
}

/**
 * Active, not yet renewed certificates expiring in each of the next 12 Vietnam months, and the
 * agencies with the most of them due within 60 days (with their 30-day share).
 */
export async function expiries(db: D1Database, now: Date, agencyId?: string) {
  const t = now.toISOString()
  const today = vnDayNumber(now)
  const vnNow = new Date(now.getTime() + 7 * 3600_000)
  const monthStart = (offset: number) =>
    new Date(
      Date.UTC(vnNow.getUTCFullYear(), vnNow.getUTCMonth() + offset, 1) - 7 * 3600_000
    ).toISOString()
  const scope = agencyId ? `agency_id IN (${subtreeOf('?5')})` : '?5 IS NULL'
  const [months, agencies] = await db.batch<any>([
    db
      .prepare(
        `SELECT strftime('%Y-%m', not_after, '+7 hours') AS month, count(*) AS n FROM certificates
         WHERE not_after >= ?1 AND not_after < ?2 AND revoked_at IS NULL AND replaced_by_id IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ${scope}
         GROUP BY month ORDER BY month`
      )
      .bind(t, monthStart(12), null, null, agencyId ?? null),
    db
      .prepare(
        `SELECT a.id, a.code, a.name, sum(c.not_after < ?3) AS within30, count(*) AS within60
         FROM certificates c JOIN agencies a ON a.id = c.agency_id
         WHERE c.not_after > ?1 AND c.not_after < ?2 AND c.revoked_at IS NULL AND c.replaced_by_id IS NULL AND c.not_before <= ?1
           AND ?4 IS NULL AND ${scope.replace('agency_id', 'c.agency_id')}
         GROUP BY a.id ORDER BY within60 DESC, a.name_key LIMIT 20`
      )
      .bind(
        t,
        vnDayStart(today + 61).toISOString(),
        vnDayStart(today + 31).toISOString(),
        null,
        agencyId ?? null
      ),
  ])
  const counts = new Map(months.results.map((r: any) => [r.month, r.n]))
  return {
    months: Array.from({ length: 12 }, (_, i) => {
      const month = new Date(Date.UTC(vnNow.getUTCFullYear(), vnNow.getUTCMonth() + i, 1))
        .toISOString()
        .slice(0, 7)
      return { month, count: Number(counts.get(month) ?? 0) }
    }),
    agencies: agencies.results.map((r: any) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      within30: Number(r.within30),
      within60: Number(r.within60),
    })),
  }
}
