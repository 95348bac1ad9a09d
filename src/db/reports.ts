import type { AgencyReport, Summary } from '../../schemas/report'
import { vnDayNumber, vnDayStart } from '../lib/time'
import { subtreeOf } from './query'

/**
 * The data version of an agency's subtree (?9), or of the registry when ?9 is null: it moves on
 * with every write the reports count inside that scope, and with nothing else (migrations 0007,
 * 0009). The subtree's is the highest version stamped on the agencies its walk reaches.
 */
const VERSION = `SELECT CASE WHEN ?9 IS NULL THEN (SELECT n FROM data_version WHERE id = 1)
  ELSE (SELECT coalesce(max(version), 0) FROM agency_changes WHERE agency_id IN (${subtreeOf('?9')})) END AS n`

/** ?9 is the agency (or the parent) in every statement; ?1–?8 what each needs. */
const bind = (sql: string, params: unknown[], agency: string | undefined) => ({
  sql,
  params: [...params, ...Array(8 - params.length).fill(null), agency ?? null],
})

const versionQuery = (agencyId: string | undefined) => bind(VERSION, [], agencyId)

/** The data version of an agency's subtree, or of the registry. */
export async function dataVersion(db: D1Database, agencyId: string | undefined) {
  const { sql, params } = versionQuery(agencyId)
  const row = await db
    .prepare(sql)
    .bind(...params)
    .first<{ n: number }>()
  return row?.n ?? 0
}

type Period = { from: string; to: string }

/** One figure of the summary: what it counts, in which table, bounded by which agency column. */
interface Figure {
  select: string
  from: string
  agency: string
  where?: string
  group?: string
  params?: unknown[]
  /** The period's few rows lead (through their own index), not the agencies. */
  fewLead?: true
}

/**
 * The summary's figures after the data version. Each count uses the same conditions as the list
 * filters (so the figures equal what the lists return); the certificate counts read the covering
 * indexes of migration 0008 only.
 */
function figures(now: Date, period: Period): Figure[] {
  const t = now.toISOString()
  const today = vnDayNumber(now)
  const d30 = vnDayStart(today + 31).toISOString()
  const d60 = vnDayStart(today + 61).toISOString()
  return [
    {
      select: `kind,
         sum(revoked_at IS NULL AND not_before <= ?1 AND not_after > ?1) AS active,
         sum(revoked_at IS NULL AND replaced_by_id IS NULL AND not_before <= ?1 AND not_after > ?1 AND not_after < ?2) AS expiring30,
         sum(revoked_at IS NULL AND replaced_by_id IS NULL AND not_before <= ?1 AND not_after > ?1 AND not_after < ?3) AS expiring60,
         sum(revoked_at IS NULL AND not_after <= ?1) AS expired,
         sum(revoked_at IS NOT NULL) AS revoked,
         sum(revoked_at IS NULL AND not_before > ?1) AS notYetValid,
         sum(not_before >= ?4 AND not_before < ?5 AND replacement IS NULL) AS issued,
         sum(not_before >= ?4 AND not_before < ?5 AND replacement = 'renewal') AS renewals,
         sum(not_before >= ?4 AND not_before < ?5 AND replacement IN ('change', 'device')) AS reissues`,
      from: 'certificates',
      agency: 'agency_id',
      group: 'kind',
      params: [t, d30, d60, period.from, period.to],
    },
    { select: 'status, count(*) AS n', from: 'devices', agency: 'agency_id', group: 'status' },
    {
      select: `count(*) AS active,
         sum(EXISTS (SELECT 1 FROM certificates c WHERE c.agency_id = a.id AND c.kind = 'organisation'
                     AND c.revoked_at IS NULL AND c.not_before <= ?1 AND c.not_after > ?1)) AS covered`,
      from: 'agencies a',
      agency: 'a.id',
      where: "a.status = 'active'",
      params: [t],
    },
    { select: 'state, count(*) AS n', from: 'notices', agency: 'agency_id', group: 'state' },
    {
      select: 'count(*) AS n',
      from: 'certificates c JOIN certificate_acks k ON k.certificate_id = c.id',
      agency: 'c.agency_id',
      where: 'k.until > ?1',
      params: [t],
    },
    {
      select: 'reason_code, count(*) AS n',
      from: 'certificates',
      agency: 'agency_id',
      where: 'revoked_at >= ?1 AND revoked_at < ?2',
      group: 'reason_code',
      params: [period.from, period.to],
      fewLead: true,
    },
  ]
}

/** The SQL of one summary (with the data version first): the registry's, or an agency subtree's. */
export function summaryQueries(now: Date, agencyId: string | undefined, period: Period) {
  const inScope = (column: string) =>
    agencyId ? `${column} IN (${subtreeOf('?9')})` : '?9 IS NULL'
  return [
    versionQuery(agencyId),
    ...figures(now, period).map((f) =>
      bind(
        `SELECT ${f.select} FROM ${f.from} WHERE ${[f.where, inScope(f.agency)].filter(Boolean).join(' AND ')}${f.group ? ` GROUP BY ${f.group}` : ''}`,
        f.params ?? [],
        agencyId
      )
    ),
  ]
}

/** The active agencies directly below a parent (?9), or the roots when it is null. */
const CHILDREN = `SELECT id, code, name, kind FROM agencies WHERE status = 'active' AND parent_id IS ?9 ORDER BY name_key, id`
/** Each of those agencies (root) with every agency of its subtree (id), as subtreeOf() walks it. */
const TREE = `WITH RECURSIVE tree(id, root) AS (SELECT id, id FROM agencies WHERE status = 'active' AND parent_id IS ?9
  UNION SELECT a.id, s.root FROM agencies a JOIN tree s ON a.parent_id = s.id OR a.successor_id = s.id)`

/**
 * The SQL of the report per agency: the data version, the agencies below the parent, then each
 * figure once for all of them, grouped by the agency whose subtree a row falls in (`root`).
 * CROSS JOIN fixes the order SQLite would otherwise guess wrong for a CTE: the subtrees' agencies
 * lead, each reading its own rows through the agency indexes, except where the period's few rows
 * lead through their own index and look their agency up in the subtrees.
 */
export function agencyReportQueries(now: Date, parentId: string | undefined, period: Period) {
  return [
    versionQuery(parentId),
    bind(CHILDREN, [], parentId),
    ...figures(now, period).map((f) =>
      bind(
        `${TREE} SELECT s.root AS root, ${f.select} FROM ${f.fewLead ? `${f.from} CROSS JOIN tree s` : `tree s CROSS JOIN ${f.from}`} WHERE ${f.agency} = s.id${f.where ? ` AND ${f.where}` : ''} GROUP BY s.root${f.group ? `, ${f.group}` : ''}`,
        f.params ?? [],
        parentId
      )
    ),
  ]
}

/** The figures of one summary from the rows of its six statements. */
function toSummary(now: Date, agencyId: string | null, period: Period, rows: any[][]): Summary {
  const [certs, devices, agencies, notices, acks, revocations] = rows
  const zero = { active: 0, expiring30: 0, expiring60: 0, expired: 0, revoked: 0, notYetValid: 0 }
  const inPeriod = (figure: 'issued' | 'renewals' | 'reissues') =>
    certs.reduce((n: number, r: any) => n + Number(r[figure] ?? 0), 0)
  const byKind = Object.fromEntries(
    certs.map((r: any) => [
      r.kind,
      {
        ...zero,
        ...Object.fromEntries(
          Object.entries(r)
            .filter(([k]) => k in zero)
            .map(([k, v]) => [k, Number(v ?? 0)])
        ),
      },
    ])
  )
  const noticeCounts = Object.fromEntries(notices.map((r: any) => [r.state, r.n]))
  const active = Number(agencies[0]?.active ?? 0)
  const covered = Number(agencies[0]?.covered ?? 0)
  return {
    asOf: now.toISOString(),
    agencyId,
    certificates: {
      personal: byKind.personal ?? zero,
      organisation: byKind.organisation ?? zero,
      device_service: byKind.device_service ?? zero,
    },
    devices: Object.fromEntries(
      ['in_stock', 'assigned', 'lost', 'damaged', 'retired'].map((s) => [
        s,
        devices.find((r: any) => r.status === s)?.n ?? 0,
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
        revocations.map((r: any) => [String(r.reason_code), r.n])
      ),
      issued: inPeriod('issued'),
      renewals: inPeriod('renewals'),
      reissues: inPeriod('reissues'),
    },
    notices: {
      pending: noticeCounts.pending ?? 0,
      sent: noticeCounts.sent ?? 0,
      failed: noticeCounts.failed ?? 0,
      acknowledged: Number(acks[0]?.n ?? 0),
      superseded: noticeCounts.superseded ?? 0,
      suppressed: noticeCounts.suppressed ?? 0,
    },
  }
}

const runBatch = (db: D1Database, queries: { sql: string; params: unknown[] }[]) =>
  db.batch<any>(queries.map((q) => db.prepare(q.sql).bind(...q.params)))

/** The summary's figures, in one batch (one transaction), with the data version they were read at. */
export async function summary(
  db: D1Database,
  now: Date,
  agencyId: string | undefined,
  period: Period
): Promise<{ value: Summary; version: number }> {
  const [version, ...rows] = await runBatch(db, summaryQueries(now, agencyId, period))
  return {
    value: toSummary(
      now,
      agencyId ?? null,
      period,
      rows.map((r) => r.results)
    ),
    version: Number(version.results[0]?.n ?? 0),
  }
}

/**
 * The summary of each active agency below a parent (or of each root), each over its own subtree,
 * in one batch of nine statements whatever the number of agencies (D1 allows 1,000 queries a
 * request), with the data version they were read at.
 */
export async function agencyReport(
  db: D1Database,
  now: Date,
  parentId: string | undefined,
  period: Period
): Promise<{ value: AgencyReport; version: number }> {
  const [version, children, ...grouped] = await runBatch(
    db,
    agencyReportQueries(now, parentId, period)
  )
  const byRoot = grouped.map((r) => {
    const rowsOf = new Map<string, any[]>()
    for (const row of r.results) {
      if (!rowsOf.has(row.root)) rowsOf.set(row.root, [])
      rowsOf.get(row.root)!.push(row)
    }
    return rowsOf
  })
  const rows = children.results.map((agency: any) => ({
    agency: { id: agency.id, code: agency.code, name: agency.name, kind: agency.kind },
    ...toSummary(
      now,
      agency.id,
      period,
      byRoot.map((m) => m.get(agency.id) ?? [])
    ),
  }))
  return {
    value: { asOf: now.toISOString(), parentId: parentId ?? null, rows },
    version: Number(version.results[0]?.n ?? 0),
  }
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
