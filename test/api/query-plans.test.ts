import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { agencyListQuery } from '../../src/db/agencies'
import {
  certificateCountQuery,
  certificateListQuery,
  type CertificateFilter,
} from '../../src/db/certificates'
import { deviceListQuery } from '../../src/db/devices'
import { holderListQuery } from '../../src/db/holders'
import { requestListQuery } from '../../src/db/requests'
import { agencyReportQueries, summaryQueries } from '../../src/db/reports'
import { encodeCursor } from '../../src/lib/cursor'
import { reconciliationQueries } from '../../src/db/reconciliation'
import { ISSUER_STATES_SQL, listedSql } from '../../src/db/ca-word'

async function plan(query: { sql: string; params: unknown[] }) {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
    .bind(...query.params)
    .all<{ detail: string }>()
  return results.map((r) => r.detail)
}

/** A plan that reads a large table row by row without an index is what these tests forbid. */
const fullScan = (detail: string, table: string) => new RegExp(`^SCAN ${table}$`).test(detail)

const now = new Date('2026-06-01T01:00:00Z')
const base: CertificateFilter = { limit: 50, sort: 'notAfter', days: 30 }
const cursor = encodeCursor({ key: '2026-07-01T00:00:00.000Z', id: 'crt_X' })

const certificateCases: [string, Partial<CertificateFilter>][] = [
  ['no filter', {}],
  ['agency', { agencyId: 'agc_A' }],
  ['agency subtree', { agencyId: 'agc_A', subtree: true }],
  ['agency, by name', { agencyId: 'agc_A', sort: 'name' }],
  ['kind', { kind: 'organisation' }],
  ['status active', { status: 'active' }],
  ['status expiring in 30 days', { status: 'expiring', days: 30 }],
  ['agency + expiring', { agencyId: 'agc_A', status: 'expiring' }],
  ['status expired', { status: 'expired' }],
  ['status revoked', { status: 'revoked' }],
  ['status not yet valid', { status: 'not_yet_valid' }],
  ['status on hold', { status: 'on_hold' }],
  ['holder', { holderId: 'hld_A' }],
  ['device', { deviceId: 'dev_A' }],
  ['issuer', { issuerId: 'iss_A' }],
  ['text query', { q: 'nguyen van an' }],
  ['text query in an agency', { q: 'nguyen', agencyId: 'agc_A' }],
  ['sorted by name', { sort: 'name' }],
  ['sorted by agency', { sort: 'agency' }],
  ['sorted by agency, a subtree', { sort: 'agency', agencyId: 'agc_A', subtree: true }],
  ['sorted by agency, expiring', { sort: 'agency', status: 'expiring' }],
  ['sorted by agency, searched', { sort: 'agency', q: 'nguyen' }],
  ['second page', { cursor }],
  ['second page of expiring', { status: 'expiring', cursor }],
]

describe('every list filter uses an index (EXPLAIN QUERY PLAN)', () => {
  it.each(certificateCases)('certificates: %s', async (_, filter) => {
    const details = await plan(certificateListQuery({ ...base, ...filter }, now))
    expect(details.filter((d) => fullScan(d, 'certificates'))).toEqual([])
    expect(details.some((d) => /(SEARCH|SCAN) certificates USING|certificate_search/.test(d))).toBe(
      true
    )
  })

  it.each(certificateCases)('certificate count: %s', async (_, filter) => {
    const details = await plan(certificateCountQuery({ ...base, ...filter }, now))
    expect(details.filter((d) => fullScan(d, 'certificates'))).toEqual([])
  })

  it('a search by expiry reads the index by expiry-day range and stops after the page', async () => {
    // certificate_search rowids are (expiry day << 32 | rid): "64:" is FTS5's rowid-ordered
    // scan with a lower bound, ">" and "<" its range; certificates join by primary key.
    const details = (
      await plan(certificateListQuery({ ...base, q: 'tran thi', cursor }, now))
    ).join('\n')
    expect(details).toMatch(/SCAN fs VIRTUAL TABLE INDEX 64:M\d>/)
    expect(details).toMatch(/SCAN certificate_search VIRTUAL TABLE INDEX 0:M\d></)
    expect(details).toMatch(/SEARCH certificates USING INTEGER PRIMARY KEY \(rowid=\?\)/)
  })

  it.each([
    ['', {}],
    ['second page', { cursor: encodeCursor({ key: '["agc_A","2026-07-01"]', id: 'crt_X' }) }],
    ['expiring', { status: 'expiring' }],
    ['officer', { scope: 'agc_A' }],
    ['kind', { kind: 'organisation' }],
  ] as const)(
    'sorted by agency (%s): agencies in name order outside, each one’s certificates by expiry inside, nothing sorted',
    async (_, filter) => {
      const details = (
        await plan(certificateListQuery({ ...base, sort: 'agency', ...filter }, now))
      ).join('\n')
      expect(details).toMatch(
        /SEARCH agencies USING COVERING INDEX agencies_name|SCAN agencies USING COVERING INDEX agencies_name/
      )
      expect(details).toMatch(
        /SEARCH certificates USING INDEX certificates_agency_not_after \(agency_id=\?/
      )
      expect(details).not.toMatch(/TEMP B-TREE/)
    }
  )

  it.each([
    [
      'expiring',
      /SEARCH certificates USING INDEX certificates_not_after \(not_after>\? AND not_after<\?\)/,
    ],
    ['expired', /SEARCH certificates USING INDEX certificates_not_after \(not_after<\?\)/],
    ['active', /SEARCH certificates USING INDEX certificates_not_after \(not_after>\?\)/],
    // The partial index holds revoked certificates only: walking it never touches the others.
    ['revoked', /SCAN certificates USING INDEX certificates_revoked/],
  ] as const)(
    'certificates with status %s are read through a range or a partial index',
    async (status, expected) => {
      const details = await plan(certificateListQuery({ ...base, status }, now))
      expect(details.join('\n')).toMatch(expected)
    }
  )

  it.each([
    [
      'by expiry',
      {},
      /SEARCH certificates USING COVERING INDEX certificates_agency_not_after \(agency_id=\?\)/,
    ],
    [
      'by name',
      { sort: 'name' },
      /SEARCH certificates USING COVERING INDEX certificates_agency_name \(agency_id=\?\)/,
    ],
    [
      'expiring, after a cursor',
      { status: 'expiring', cursor },
      /SEARCH certificates USING COVERING INDEX certificates_agency_not_after \(agency_id=\? AND not_after>\? AND not_after<\?\)/,
    ],
    [
      'of an officer',
      { agencyId: undefined, scope: 'agc_A' },
      /certificates_agency_not_after \(agency_id=\?\)/,
    ],
  ] as const)(
    'a subtree of certificates %s is read agency by agency, a page of each, and only the page fetched',
    async (_, filter, perAgency) => {
      const details = (
        await plan(
          certificateListQuery({ ...base, agencyId: 'agc_A', subtree: true, ...filter }, now)
        )
      ).join('\n')
      expect(details).toMatch(/CORRELATED SCALAR SUBQUERY/)
      expect(details).toMatch(perAgency)
      expect(details).toMatch(/^SEARCH certificates USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    }
  )

  it.each([
    [
      'holders',
      holderListQuery({ limit: 50, agencyId: 'agc_A', subtree: true }),
      /holders_agency \(agency_id=\?\)/,
    ],
    [
      'devices',
      deviceListQuery({ limit: 50, agencyId: 'agc_A', subtree: true }),
      /devices_agency \(agency_id=\?\)/,
    ],
  ])('a subtree of %s is read agency by agency too', async (_, query, perAgency) => {
    const details = (await plan(query)).join('\n')
    expect(details).toMatch(/CORRELATED SCALAR SUBQUERY/)
    expect(details).toMatch(perAgency)
  })

  it.each([
    ['agency', { agencyId: 'agc_A' }],
    ['subtree', { agencyId: 'agc_A', subtree: true }],
    ['kind', { kind: 'person' }],
    ['name', { q: 'tran thi' }],
  ])('holders: %s', async (_, filter) => {
    const details = await plan(holderListQuery({ limit: 50, ...filter }))
    expect(details.filter((d) => fullScan(d, 'holders'))).toEqual([])
  })

  it.each([
    ['agency', { agencyId: 'agc_A' }],
    ['subtree', { agencyId: 'agc_A', subtree: true }],
    ['status', { status: 'lost' }],
    ['holder', { holderId: 'hld_A' }],
    ['serial prefix', { q: 'VGCA' }],
  ])('devices: %s', async (_, filter) => {
    const details = await plan(deviceListQuery({ limit: 50, ...filter }))
    expect(details.filter((d) => fullScan(d, 'devices'))).toEqual([])
  })

  it('a status lookup by serial (issuer left out) seeks the serial index', async () => {
    const { results } = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT c.id FROM certificates c JOIN agencies a ON a.id = c.agency_id JOIN holders h ON h.id = c.holder_id
       LEFT JOIN certificates n ON n.id = c.replaced_by_id WHERE c.serial = ?1`
    )
      .bind('AB')
      .all<{ detail: string }>()
    expect(results[0].detail).toMatch(
      /SEARCH c USING INDEX certificates_serial_issuer \(serial=\?\)/
    )
    expect(results.filter((r) => /^SCAN/.test(r.detail))).toEqual([])
  })

  it.each([
    ['a subtree', 'agc_A'],
    ['the whole registry', undefined],
  ])('the summary of %s counts certificates from indexes alone', async (_, agencyId) => {
    const period = { from: '2026-03-01T00:00:00.000Z', to: now.toISOString() }
    const reads: string[] = []
    for (const query of summaryQueries(now, agencyId, period))
      reads.push(...(await plan(query)).filter((d) => /(SEARCH|SCAN) (certificates|c)\b/.test(d)))
    expect(reads.length).toBeGreaterThanOrEqual(4)
    // Covering indexes, the renewals' partial index, or one row by id (an acknowledgement's).
    for (const read of reads)
      expect(read).toMatch(/COVERING INDEX|INDEX certificates_renewals|\(id=\?\)/)
    if (agencyId)
      expect(reads.join('\n')).toMatch(
        /COVERING INDEX certificates_agency_not_after \(agency_id=\?/
      )
  })

  it.each([
    ['below an agency', 'agc_A'],
    ['of the top-level agencies', undefined],
  ])(
    'the report per agency %s reads certificates from indexes alone, agency by agency',
    async (_, parentId) => {
      const period = { from: '2026-03-01T00:00:00.000Z', to: now.toISOString() }
      const [, children, ...figures] = agencyReportQueries(now, parentId, period)
      expect((await plan(children)).join('\n')).toMatch(/USING INDEX agencies_parent/)
      const reads: string[] = []
      for (const query of figures) {
        const details = await plan(query)
        // Each subtree's agencies lead: no figure scans a whole table or index.
        expect(details.filter((d) => /^SCAN (certificates|c|k|devices|notices)\b/.test(d))).toEqual(
          []
        )
        reads.push(...details.filter((d) => /(SEARCH|SCAN) (certificates|c)\b/.test(d)))
      }
      for (const read of reads)
        expect(read).toMatch(/COVERING INDEX|INDEX certificates_renewals|\(id=\?\)/)
      expect(reads.join('\n')).toMatch(
        /COVERING INDEX certificates_agency_not_after \(agency_id=\?/
      )
    }
  )

  it("a subtree's data version reads each agency's stamp by its key", async () => {
    const period = { from: '2026-03-01T00:00:00.000Z', to: now.toISOString() }
    const [version] = summaryQueries(now, 'agc_A', period)
    const details = (await plan(version)).join('\n')
    expect(details).toMatch(/SEARCH agency_changes USING PRIMARY KEY \(agency_id=\?\)/)
    expect(details).not.toMatch(/SCAN agency_changes/)
  })

  it.each([
    ['no filter', {}],
    ['an agency subtree', { agencyId: 'agc_A', subtree: true }],
    ['an officer’s scope, by state', { scope: 'agc_A', state: 'filed' }],
    ['by state', { state: 'sent' }],
    ['overdue', { overdue: true }],
  ] as const)('requests: %s', async (_, filter) => {
    const details = await plan(requestListQuery({ limit: 50, today: '2026-06-01', ...filter }))
    expect(
      details.filter((d) => fullScan(d, 'requests')),
      details.join('\n')
    ).toEqual([])
  })

  it('agencies by parent use the parent index', async () => {
    const details = await plan(agencyListQuery({ limit: 50, parentId: 'agc_A' }))
    expect(details.join('\n')).toMatch(/SEARCH agencies USING INDEX agencies_parent/)
  })
})

describe('the CA and the registry compared', () => {
  it('reads certificates only through the CRL and revocation indexes', async () => {
    const q = reconciliationQueries('2026-06-01T00:00:00.000Z', 1000)
    expect((await plan(q.revokedByCa)).join('\n')).toMatch(
      /SCAN c USING INDEX certificates_revoked_by|SEARCH c USING INDEX certificates_revoked_by/
    )
    expect((await plan(q.revokedByCaCount)).join('\n')).toMatch(/certificates_revoked_by/)
    for (const query of [q.notOnCrl, q.notOnCrlCount]) {
      const details = (await plan(query)).join('\n')
      expect(details).toMatch(
        /SEARCH c USING (COVERING )?INDEX certificates_revoked_here \(revoked_at>\? AND revoked_at<\?\)/
      )
      expect(details).toMatch(/SEARCH i USING (COVERING )?INDEX issuers_dn \(dn=\?\)/)
      expect(details).toMatch(/SEARCH r USING PRIMARY KEY \(issuer_id=\? AND serial=\?\)/)
    }
    const listed = (await plan(q.listedNotRegistered)).join('\n')
    // Every serial the CA lists is looked up by (serial, issuer): never a scan of certificates.
    expect(listed).toMatch(
      /SEARCH c USING (COVERING )?INDEX certificates_serial_issuer \(serial=\? AND issuer=\?\)/
    )
    expect(listed).not.toMatch(/SCAN c\b/)
  })
})

describe('a public status answer reads the CA’s word by key', () => {
  it('reads what the CA listed by (issuer, serial), never a scan', async () => {
    const details = (
      await plan({ sql: listedSql(3), params: ['iss_A', '01', 'iss_A', '02', 'iss_B', '03'] })
    ).join('\n')
    expect(details).toMatch(/ca_revocations USING PRIMARY KEY \(issuer_id=\? AND serial=\?\)/)
    expect(details).not.toMatch(/SCAN ca_revocations/)
  })

  it('reads each issuer key’s revocation by its parent’s (issuer, serial)', async () => {
    const details = (await plan({ sql: ISSUER_STATES_SQL, params: [] })).join('\n')
    expect(details).toMatch(/SEARCH r USING PRIMARY KEY \(issuer_id=\? AND serial=\?\)/)
    expect(details).toMatch(/SEARCH k USING INDEX issuer_keys_issuer \(issuer_id=\?\)/)
  })
})
