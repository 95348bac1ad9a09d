import type { Reconciliation } from '../../schemas/reconciliation'
import { reasonOf } from '../domain/reasons'

interface Row {
  id: string
  serial: string
  issuer: string
  holder_name: string
  agency_id: string
  agency_code: string
  agency_name: string
  revoked_at: string
  reason_code: number | null
  crl_id?: string
  crl_number?: string | null
  crl_this_update?: string
}

const row = (r: Row) => ({
  certificateId: r.id,
  serial: r.serial,
  issuer: r.issuer,
  holderName: r.holder_name,
  agency: { id: r.agency_id, code: r.agency_code, name: r.agency_name },
  revokedAt: r.revoked_at,
  reason: reasonOf(r.reason_code),
})

const columns = `c.id, c.serial, c.issuer, h.full_name AS holder_name, c.agency_id, a.code AS agency_code,
  a.name AS agency_name, c.revoked_at, c.reason_code`

/** The report's statements (EXPLAIN QUERY PLAN checks each uses its index). */
export function reconciliationQueries(cutoff: string, limit: number) {
  const notOnCrl = `FROM certificates c
    JOIN issuers i ON i.dn = c.issuer
    WHERE c.revoked_at IS NOT NULL AND c.revoked_by IS NULL AND c.revoked_at < ?1
      AND c.revoked_at < c.not_after AND i.crl_this_update > c.revoked_at
      AND NOT EXISTS (SELECT 1 FROM ca_revocations r WHERE r.issuer_id = i.id AND r.serial = c.serial)`
  return {
    revokedByCa: {
      sql: `SELECT ${columns}, l.id AS crl_id, l.number AS crl_number, l.this_update AS crl_this_update
         FROM certificates c
         JOIN crls l ON l.id = c.revoked_by
         JOIN holders h ON h.id = c.holder_id JOIN agencies a ON a.id = c.agency_id
         WHERE c.revoked_by IS NOT NULL ORDER BY c.revoked_at DESC LIMIT ?1`,
      params: [limit],
    },
    revokedByCaCount: {
      sql: 'SELECT count(*) AS n FROM certificates WHERE revoked_by IS NOT NULL',
      params: [],
    },
    notOnCrl: {
      sql: `SELECT ${columns} ${notOnCrl.replace(
        'FROM certificates c',
        'FROM certificates c JOIN holders h ON h.id = c.holder_id JOIN agencies a ON a.id = c.agency_id'
      )} ORDER BY c.revoked_at LIMIT ?2`,
      params: [cutoff, limit],
    },
    notOnCrlCount: { sql: `SELECT count(*) AS n ${notOnCrl}`, params: [cutoff] },
    listedNotRegistered: {
      sql: `SELECT r.issuer_id, i.name AS issuer, count(*) AS n FROM ca_revocations r
       JOIN issuers i ON i.id = r.issuer_id
       WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.serial = r.serial AND c.issuer = i.dn)
         AND NOT EXISTS (SELECT 1 FROM issuer_keys k WHERE k.serial = r.serial AND k.parent_key = i.dn_key)
       GROUP BY r.issuer_id`,
      params: [],
    },
  }
}

/**
 * The CA and the registry compared, both ways: certificates a CRL import revoked (they were
 * active here when the CA revoked them), through the revoked_by index; and revocations recorded
 * here before `cutoff` that no CRL of their issuer lists although the CA has issued one since,
 * through the partial index of revocations recorded here. Both at most `limit` rows, with counts.
 */
export async function reconciliation(
  db: D1Database,
  cutoff: string,
  limit: number
): Promise<Omit<Reconciliation, 'asOf' | 'workingDays'>> {
  const q = reconciliationQueries(cutoff, limit)
  const [byCa, byCaCount, missing, missingCount, listed] = await db.batch<any>(
    [q.revokedByCa, q.revokedByCaCount, q.notOnCrl, q.notOnCrlCount, q.listedNotRegistered].map(
      ({ sql, params }) => db.prepare(sql).bind(...params)
    )
  )
  return {
    revokedByCa: (byCa.results as Row[]).map((r) => ({
      ...row(r),
      crl: { id: r.crl_id!, number: r.crl_number ?? null, thisUpdate: r.crl_this_update! },
    })),
    revokedByCaCount: byCaCount.results[0].n,
    notOnCrl: (missing.results as Row[]).map(row),
    notOnCrlCount: missingCount.results[0].n,
    listedNotRegistered: listed.results.map((r: any) => ({
      issuerId: r.issuer_id,
      issuer: r.issuer,
      count: r.n,
    })),
  }
}
