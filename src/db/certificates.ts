import type { CertificateListQuery } from '../../schemas/certificate'
import type { CertificateKind, Replacement } from '../domain/lifecycle'
import { fold, ftsQuery, searchText } from '../lib/text'
import { changedOrAbort } from './batch'
import { decodeCursor, joinedKey, keyParts } from '../lib/cursor'
import { DAY_MS, vnDayNumber, vnDayStart } from '../lib/time'
import { byAgency, Filter, pageQuery, runPage } from './query'

/** A certificate as stored (camelCase), without the fields derived from the clock. */
export interface CertificateRecord {
  id: string
  kind: CertificateKind
  serial: string
  issuer: string
  subject: string
  holderId: string
  agencyId: string
  deviceId: string | null
  notBefore: string
  notAfter: string
  fingerprint: string | null
  replacesId: string | null
  /** How this certificate replaced `replacesId`: renewal, change of details or device re-issue. */
  replacement: Replacement | null
  replacedById: string | null
  revokedAt: string | null
  reasonCode: number | null
  invalidityDate: string | null
  revocationNote: string | null
  /** The CA put it on hold (certificateHold on its CRL) at this time; null when not on hold. */
  holdAt: string | null
  /** The CRL whose import revoked it; null when the department recorded the revocation. */
  revokedBy: string | null
  note: string | null
  version: number
  createdAt: string
  updatedAt: string
}

/**
 * The certificates table's columns, each with the record field it holds: written once, and read
 * by every statement that selects, inserts or imports certificates (the search keys follow).
 */
export const CERTIFICATE_FIELDS = {
  id: 'id',
  kind: 'kind',
  serial: 'serial',
  issuer: 'issuer',
  subject: 'subject',
  holderId: 'holder_id',
  agencyId: 'agency_id',
  deviceId: 'device_id',
  notBefore: 'not_before',
  notAfter: 'not_after',
  fingerprint: 'fingerprint',
  replacesId: 'replaces_id',
  replacement: 'replacement',
  replacedById: 'replaced_by_id',
  revokedAt: 'revoked_at',
  reasonCode: 'reason_code',
  invalidityDate: 'invalidity_date',
  revocationNote: 'revocation_note',
  holdAt: 'hold_at',
  revokedBy: 'revoked_by',
  note: 'note',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof CertificateRecord, string>

type Column = (typeof CERTIFICATE_FIELDS)[keyof CertificateRecord]
export type CertificateRow = { [C in Column]: unknown } & {
  id: string
  agency_id: string
  not_after: string
  not_before: string
  name_key: string
}

const fields = Object.entries(CERTIFICATE_FIELDS) as [keyof CertificateRecord, Column][]
/** The columns a certificate is written with: its fields, then the sort and search keys. */
export const WRITTEN_COLUMNS = [
  ...fields.map(([, c]) => c),
  'name_key',
  'subject_key',
  'search_text',
]
const columns = [...fields.map(([, c]) => c), 'name_key'].join(', ')

/** Maps a stored row to a CertificateRecord. */
export const toCertificate = (row: CertificateRow): CertificateRecord =>
  Object.fromEntries(fields.map(([f, c]) => [f, row[c] ?? null])) as unknown as CertificateRecord

/** The values of WRITTEN_COLUMNS for a record; `holderName` feeds the name sort key and search. */
export function writtenValues(c: CertificateRecord, holderName: string): unknown[] {
  const nameKey = fold(holderName)
  const subjectKey = fold(c.subject)
  return [
    ...fields.map(([f]) => c[f]),
    nameKey,
    subjectKey,
    searchText(nameKey, subjectKey, c.serial),
  ]
}

/** The statement that reads the certificate with this id (no row when there is none). */
export const certificateById = (db: D1Database, id: string) =>
  db.prepare(`SELECT ${columns} FROM certificates WHERE id = ?1`).bind(id)

/** The certificate with this id, or null. */
export async function findCertificate(db: D1Database, id: string) {
  const row = await certificateById(db, id).first<CertificateRow>()
  return row && toCertificate(row)
}

/** Inserts a certificate; `holderName` feeds the name sort key and the search index. */
export function insertCertificate(db: D1Database, c: CertificateRecord, holderName: string) {
  return db
    .prepare(
      `INSERT INTO certificates (${WRITTEN_COLUMNS.join(', ')})
       VALUES (${WRITTEN_COLUMNS.map((_, i) => `?${i + 1}`).join(', ')})`
    )
    .bind(...writtenValues(c, holderName))
}

/** Saves the editable details (device, agency, fingerprint, note) if still at `expected` version. */
export function updateCertificate(db: D1Database, c: CertificateRecord, expected: number) {
  return db
    .prepare(
      `UPDATE certificates SET device_id = ?2, agency_id = ?3, fingerprint = ?4, note = ?5, version = version + 1, updated_at = ?6
       WHERE id = ?1 AND version = ?7`
    )
    .bind(c.id, c.deviceId, c.agencyId, c.fingerprint, c.note, c.updatedAt, expected)
}

/**
 * Records a revocation (time, reason, invalidity date, note), only if the certificate is not
 * revoked already and is still at `expected` version: revocation is final, and the precondition
 * is in the statement, not in a prior read.
 */
export function saveRevocation(db: D1Database, c: CertificateRecord, expected: number) {
  return db
    .prepare(
      `UPDATE certificates SET revoked_at = ?2, reason_code = ?3, invalidity_date = ?4, revocation_note = ?5,
         version = version + 1, updated_at = ?6
       WHERE id = ?1 AND version = ?7 AND revoked_at IS NULL`
    )
    .bind(
      c.id,
      c.revokedAt,
      c.reasonCode,
      c.invalidityDate,
      c.revocationNote,
      c.updatedAt,
      expected
    )
}

/**
 * Links `old` to its successor, only if it is still at `expected` version and not replaced yet;
 * after a change of details or a device re-issue it is revoked in the same statement (unless it
 * is revoked already), as `supersede` says.
 */
export function linkSuccessor(
  db: D1Database,
  old: { id: string; version: number },
  successor: { id: string; createdAt: string },
  supersede: { revokedAt: string; reasonCode: number; note: string } | null
) {
  return db
    .prepare(
      `UPDATE certificates SET replaced_by_id = ?2, version = version + 1, updated_at = ?3,
         revoked_at = coalesce(revoked_at, ?5),
         reason_code = CASE WHEN revoked_at IS NULL THEN ?6 ELSE reason_code END,
         revocation_note = CASE WHEN revoked_at IS NULL THEN ?7 ELSE revocation_note END
       WHERE id = ?1 AND version = ?4 AND replaced_by_id IS NULL`
    )
    .bind(
      old.id,
      successor.id,
      successor.createdAt,
      old.version,
      supersede?.revokedAt ?? null,
      supersede?.reasonCode ?? null,
      supersede?.note ?? null
    )
}

/** Re-keys a holder's certificates for sort and search after the holder's name changed. */
export function renameHolderInCertificates(db: D1Database, holderId: string, fullName: string) {
  return db
    .prepare(
      // searchText() in SQL: the subject and serial are each certificate's own.
      `UPDATE certificates SET name_key = ?2, search_text = ?2 || ' ' || subject_key || ' ' || lower(serial)
       WHERE holder_id = ?1`
    )
    .bind(holderId, fold(fullName))
}

/** The statement that reads the keys a device carries at `now` (see carriedBy). */
export const carriedStatement = (db: D1Database, deviceId: string, now: Date) =>
  db
    .prepare(
      `SELECT ${columns.replace(/(\w+)/g, 'c.$1')}, h.full_name AS holder_name FROM certificates c
       JOIN holders h ON h.id = c.holder_id
       WHERE c.device_id = ?1 AND c.revoked_at IS NULL AND c.not_after > ?2
       ORDER BY c.not_after, c.id`
    )
    .bind(deviceId, now.toISOString())

/**
 * The certificates on a device that are neither revoked nor expired at `now` (one that has not
 * begun yet is on it too), with each holder's name: the keys it carries, which decide whom it may
 * be handed to, and what to revoke when it is lost.
 */
export async function carriedBy(db: D1Database, deviceId: string, now: Date) {
  const { results } = await carriedStatement(db, deviceId, now).all<
    CertificateRow & { holder_name: string }
  >()
  return results.map((r) => ({ ...toCertificate(r), holderName: r.holder_name }))
}

/** The renewal chain through `id`, oldest first (walks replaces / replaced_by both ways). */
export const renewalChainStatement = (db: D1Database, id: string) =>
  db
    .prepare(
      `WITH RECURSIVE
         back(id, replaces_id, depth) AS (
           SELECT id, replaces_id, 0 FROM certificates WHERE id = ?1
           UNION ALL SELECT c.id, c.replaces_id, b.depth - 1 FROM certificates c JOIN back b ON c.id = b.replaces_id WHERE b.depth > -100),
         fwd(id, replaced_by_id, depth) AS (
           SELECT id, replaced_by_id, 0 FROM certificates WHERE id = ?1
           UNION ALL SELECT c.id, c.replaced_by_id, f.depth + 1 FROM certificates c JOIN fwd f ON c.id = f.replaced_by_id WHERE f.depth < 100),
         chain(id, depth) AS (SELECT id, depth FROM back UNION SELECT id, depth FROM fwd)
       SELECT ${columns.replace(/(\w+)/g, 'c.$1')} FROM chain JOIN certificates c ON c.id = chain.id ORDER BY chain.depth`
    )
    .bind(id)

/** The list query plus the principal's scope (officers: their agency's subtree). */
export type CertificateFilter = Omit<CertificateListQuery, 'limit'> & {
  limit: number
  scope?: string
}

/**
 * The conditions of a certificate list, and (read agency by agency) the SQL of the subtree's
 * agency ids. A subtree is read agency by agency unless a narrower index leads: the search, a
 * holder, a device, the revoked index; or, by name, a status (its expiry range is not in the name
 * index).
 */
function certificateConditions(f: CertificateFilter, now: Date, perAgency: boolean) {
  const where = new Filter()
  const t = now.toISOString()
  // A serial typed with separators ("7E:CD:EF") is one search term, not three.
  const match = f.q
    ? ftsQuery(
        /^[0-9a-f]{2}([:\s-][0-9a-f]{2})+$/i.test(f.q.trim()) ? f.q.replace(/[:\s-]/g, '') : f.q
      )
    : null
  const narrower =
    match || f.holderId || f.deviceId || f.status === 'revoked' || (f.sort === 'name' && f.status)
  const agencies = byAgency(where, f, 'agency_id', perAgency && !narrower)
  if (f.kind) where.and(`kind = ${where.bind(f.kind)}`)
  if (f.holderId) where.and(`holder_id = ${where.bind(f.holderId)}`)
  if (f.deviceId) where.and(`device_id = ${where.bind(f.deviceId)}`)
  if (f.issuerId)
    where.and(`issuer = (SELECT dn FROM issuers WHERE id = ${where.bind(f.issuerId)})`)
  switch (f.status) {
    case 'active':
      where.and(
        `revoked_at IS NULL AND hold_at IS NULL AND not_after > ${where.bind(t)} AND not_before <= ${where.bind(t)}`
      )
      break
    case 'on_hold':
      where.and(`revoked_at IS NULL AND hold_at IS NOT NULL AND not_after > ${where.bind(t)}`)
      break
    case 'expiring': {
      // "days left <= N" on Vietnam calendar days: notAfter before the start of VN day today+N+1.
      const bound = vnDayStart(vnDayNumber(now) + f.days + 1).toISOString()
      where.and(
        `revoked_at IS NULL AND replaced_by_id IS NULL AND not_after > ${where.bind(t)} AND not_after < ${where.bind(bound)} AND not_before <= ${where.bind(t)}`
      )
      break
    }
    case 'expired':
      where.and(`revoked_at IS NULL AND not_after <= ${where.bind(t)}`)
      break
    case 'revoked':
      where.and('revoked_at IS NOT NULL')
      break
    case 'not_yet_valid':
      where.and(`revoked_at IS NULL AND not_before > ${where.bind(t)}`)
      break
  }
  if (match) where.and(searchClause(where, match, f))
  // Few enough to sort whatever the order asked: the planner may start from their own index.
  const few = Boolean(match || f.holderId || f.deviceId || f.status === 'on_hold')
  return { where, agencies, few }
}

/**
 * The SQL of a certificate list page. Every filter rides an index (asserted by EXPLAIN QUERY PLAN
 * tests): agency + notAfter/name, kind + notAfter, holder, device, the revoked partial index, the
 * notAfter range for the clock-derived statuses, and the FTS index for `q`.
 */
export function certificateListQuery(f: CertificateFilter, now: Date) {
  if (f.sort === 'agency') return byAgencyName(f, now)
  const { where, agencies } = certificateConditions(f, now, true)
  return pageQuery(
    {
      from: `SELECT ${columns} FROM certificates`,
      filter: where,
      sortColumn: f.sort === 'name' ? 'name_key' : 'not_after',
      idColumn: 'id',
      perAgency: agencies ? { table: 'certificates', agencies } : undefined,
    },
    f
  )
}

/**
 * A page sorted by agency name, then expiry: the agencies in name order (agencies_name) outside,
 * each one's certificates in expiry order (certificates_agency_not_after) inside, so the page is
 * read in order and no sort is needed (agencies' rowid makes the outer order distinct; both
 * indexes are named, or a subtree's or a kind's index would win and a whole subtree be sorted).
 * The cursor is (agency, notAfter) and the certificate's id, the agency's name looked up (a
 * name of 300 letters would not fit in a cursor); the cursor's agency is read on from its
 * notAfter, through the index. A search, a holder, a device or the few certificates on hold are
 * small: the planner then starts from its own index and sorts what it found.
 */
function byAgencyName(f: CertificateFilter, now: Date) {
  const { where, few } = certificateConditions({ ...f, cursor: undefined }, now, false)
  let from = ''
  if (f.cursor) {
    const at = decodeCursor(f.cursor)
    const [agency, notAfter] = keyParts(at.key, 2).map((v) => where.bind(v))
    from = `WHERE (name_key, id) >= ((SELECT name_key FROM agencies WHERE id = ${agency}), ${agency})`
    where.and(`not_after >= CASE WHEN agency_ref = ${agency} THEN ${notAfter} ELSE '' END`)
    where.and(`(agency_ref <> ${agency} OR not_after > ${notAfter} OR id > ${where.bind(at.id)})`)
  }
  // The planner would rather start from a subtree's ids, or a kind, and sort: told which indexes.
  const [byName, byExpiry] = few
    ? ['', '']
    : ['INDEXED BY agencies_name', 'INDEXED BY certificates_agency_not_after']
  const agencies = `(SELECT id AS agency_ref, name_key AS agency_key, rowid AS agency_row FROM agencies ${byName} ${from})`
  return {
    sql: `SELECT ${columns}, agency_key FROM ${agencies} ${few ? 'JOIN' : 'CROSS JOIN'} certificates ${byExpiry} ON agency_id = agency_ref
      ${where.sql} ORDER BY agency_key, agency_ref, agency_row, not_after, id LIMIT ${where.bind(f.limit + 1)}`,
    params: where.params,
  }
}

/** The key a page goes on from after `row`, by the list's sort. */
export const sortKeyOf = (
  sort: CertificateFilter['sort'],
  row: { name_key: string; not_after: string; agency_id: string }
) =>
  sort === 'name'
    ? row.name_key
    : sort === 'agency'
      ? joinedKey([row.agency_id, row.not_after])
      : row.not_after

/** How far a list's total is counted: past it, the list says "more than". */
export const COUNT_CAP = 10_000

/**
 * How many certificates a list's filters find, counted up to COUNT_CAP + 1 rows (so a count
 * reads at most that many index entries, at any registry size).
 */
export function certificateCountQuery(f: CertificateFilter, now: Date) {
  // Matches in any order (the expiry-ordered search needs a page), a subtree as one IN list.
  const { where } = certificateConditions({ ...f, sort: 'name', cursor: undefined }, now, false)
  return {
    sql: `SELECT count(*) AS n FROM (SELECT 1 FROM certificates ${where.sql} LIMIT ${where.bind(COUNT_CAP + 1)})`,
    params: where.params,
  }
}

/** The low 32 bits of a certificate_search rowid are the certificate's rid; the rest its expiry day. */
const RID_BITS = 32
const RID_MASK = 2 ** RID_BITS - 1

/**
 * The `q` condition. certificate_search is keyed by (expiry day, rid), so in expiry order the
 * page can be found without collecting every match: take the first `limit + 1` matches (that
 * pass the other filters) from the day after the cursor's on; the page lies within the cursor's
 * day up to the day of the last of them, and only matches in those days are sorted exactly.
 * Sorted otherwise (by name, by agency) there is no such shortcut and every match is collected.
 */
function searchClause(where: Filter, match: string, f: CertificateFilter): string {
  const m = where.bind(match)
  if (f.sort !== 'notAfter')
    return `rid IN (SELECT rowid & ${RID_MASK} FROM certificate_search WHERE certificate_search MATCH ${m})`
  const day = f.cursor ? Math.floor(Date.parse(decodeCursor(f.cursor).key) / DAY_MS) : NaN
  const cursorDay = Number.isFinite(day) ? day : null
  const from = where.bind(cursorDay === null ? 0 : cursorDay * 2 ** RID_BITS)
  const next = where.bind(cursorDay === null ? 0 : (cursorDay + 1) * 2 ** RID_BITS)
  // The other filters' columns are certificates' own (the index has no column but search_text).
  const others = where.clauses.map((clause) => ` AND ${clause}`).join('')
  const firstMatches = `SELECT fs.rowid AS r FROM certificate_search fs JOIN certificates ON rid = fs.rowid & ${RID_MASK}
      WHERE certificate_search MATCH ${m} AND fs.rowid >= ${next}${others} ORDER BY fs.rowid LIMIT ${where.bind(f.limit + 1)}`
  const until = `(SELECT CASE WHEN count(*) <= ${where.bind(f.limit)} THEN 9223372036854775807
      ELSE ((max(r) >> ${RID_BITS}) + 1) << ${RID_BITS} END FROM (${firstMatches}))`
  return `rid IN (SELECT rowid & ${RID_MASK} FROM certificate_search
      WHERE certificate_search MATCH ${m} AND rowid >= ${from} AND rowid < ${until})`
}

/** One page of certificates. */
/** The number of certificates the filters find, up to COUNT_CAP + 1. */
export async function countCertificates(db: D1Database, f: CertificateFilter, now: Date) {
  const q = certificateCountQuery(f, now)
  return (
    (
      await db
        .prepare(q.sql)
        .bind(...q.params)
        .first<{ n: number }>()
    )?.n ?? 0
  )
}

export function listCertificates(db: D1Database, f: CertificateFilter, now: Date) {
  return runPage<CertificateRow, CertificateRecord>(
    db,
    certificateListQuery(f, now),
    f.limit,
    (r) => ({ key: sortKeyOf(f.sort, r), id: r.id }),
    toCertificate
  )
}

/**
 * The statements that revoke these certificates together (each only if still at the version
 * read and not revoked, else the batch aborts): a lost device's, a departed holder's.
 */
export function revokeAll(
  db: D1Database,
  certificates: readonly CertificateRecord[],
  revocation: {
    revokedAt: string
    reasonCode: number
    note: string | null
    at: string
    invalidityDate?: string
  }
) {
  const revoked = certificates.map((c) => ({
    before: c,
    after: {
      ...c,
      revokedAt: revocation.revokedAt,
      reasonCode: revocation.reasonCode,
      // The invalidity date, where it falls within the certificate's life before the revocation.
      invalidityDate:
        revocation.invalidityDate &&
        revocation.invalidityDate < revocation.revokedAt &&
        revocation.invalidityDate >= c.notBefore
          ? revocation.invalidityDate
          : null,
      revocationNote: revocation.note,
      version: c.version + 1,
      updatedAt: revocation.at,
    },
  }))
  return {
    revoked,
    statements: revoked.flatMap(({ before, after }) => [
      saveRevocation(db, after, before.version),
      changedOrAbort(db),
    ]),
  }
}

/** The active personal certificates of a holder at `now`: what a departure makes obsolete. */
export async function activeOfHolder(db: D1Database, holderId: string, now: Date) {
  const t = now.toISOString()
  const { results } = await db
    .prepare(
      `SELECT ${columns} FROM certificates
       WHERE holder_id = ?1 AND kind = 'personal' AND revoked_at IS NULL AND not_after > ?2 AND not_before <= ?2
       ORDER BY not_after, id`
    )
    .bind(holderId, t)
    .all<CertificateRow>()
  return results.map(toCertificate)
}
