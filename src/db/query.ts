import { decodeCursor, encodeCursor } from '../lib/cursor'

/** A WHERE clause under construction, with numbered (`?1`) parameters. */
export class Filter {
  readonly params: unknown[] = []
  readonly clauses: string[] = []

  /** Adds a parameter and returns its placeholder. */
  bind(value: unknown): string {
    this.params.push(value)
    return `?${this.params.length}`
  }

  /** Adds a condition; all conditions must hold. */
  and(clause: string): this {
    this.clauses.push(clause)
    return this
  }

  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : ''
  }
}

/**
 * The ids of an agency and every agency below it, at any depth (uses agencies_parent), and of
 * every agency merged into one of them (agencies_successor): a merged agency's history stays
 * readable under its successor.
 */
export const subtreeOf = (placeholder: string) =>
  `WITH RECURSIVE subtree(id) AS (SELECT ${placeholder} UNION SELECT a.id FROM agencies a JOIN subtree s ON a.parent_id = s.id OR a.successor_id = s.id) SELECT id FROM subtree`

/** The filter every agency-owned list shares: the principal's scope, and an agency (or subtree). */
export interface AgencyScope {
  /** Officers: only this agency's subtree. */
  scope?: string
  agencyId?: string
  subtree?: boolean
}

/**
 * Adds the scope and agency conditions on `column` (agency_id, or id for agencies themselves).
 * With `perAgency`, the subtree that bounds the list (the asked agency's, else the officer's
 * scope) is not added as a condition but returned as the SQL of its agency ids, for pageQuery to
 * read agency by agency.
 */
export function byAgency(
  where: Filter,
  f: AgencyScope,
  column = 'agency_id',
  perAgency = false
): string | undefined {
  const root = !perAgency ? undefined : f.agencyId ? (f.subtree ? f.agencyId : undefined) : f.scope
  if (f.scope && root !== f.scope) where.and(`${column} IN (${subtreeOf(where.bind(f.scope))})`)
  if (f.agencyId && root !== f.agencyId)
    where.and(
      f.subtree
        ? `${column} IN (${subtreeOf(where.bind(f.agencyId))})`
        : `${column} = ${where.bind(f.agencyId)}`
    )
  return root === undefined ? undefined : subtreeOf(where.bind(root))
}

export interface PageRequest {
  limit: number
  cursor?: string
}

export interface KeysetQuery {
  /** `SELECT … FROM … ` without WHERE. */
  from: string
  filter: Filter
  /** The sort column and the unique tie-breaker, both in an index with the filter's columns. */
  sortColumn: string
  idColumn: string
  /**
   * A subtree's rows, read agency by agency: the table and the SQL of the subtree's agency ids
   * (from byAgency). The table needs an (agency_id, sort, …) index.
   */
  perAgency?: { table: string; agencies: string }
}

/**
 * The SQL of one page of a keyset-paged list: rows after the cursor, in (sort, id) order, one
 * more than the limit to know whether another page follows. The cursor condition is written as
 * a range on the sort column so the index seeks to it instead of scanning from the start.
 *
 * A subtree (`perAgency`) is read agency by agency, in two steps of one statement. First each
 * agency's first HEADS keys through its (agency_id, sort) index; the (limit + 1)th smallest of
 * those bounds the page: a row past it has limit + 1 rows before it. Then only the agencies whose
 * heads all fall before the bound are read further, up to it. The page is the smallest limit + 1
 * of both, and only its rows are fetched. A province of 100 agencies reads some 250 index entries
 * for a page of 50, however many certificates it holds; `agency_id IN (subtree)` with ORDER BY
 * read and sorted every one of them.
 */
export function pageQuery(query: KeysetQuery, page: PageRequest) {
  const { filter, sortColumn: sort, idColumn: id } = query
  if (page.cursor) {
    const at = decodeCursor(page.cursor)
    const key = filter.bind(at.key)
    filter.and(`${sort} >= ${key} AND (${sort} > ${key} OR ${id} > ${filter.bind(at.id)})`)
  }
  const limit = filter.bind(page.limit + 1)
  const order = `ORDER BY ${sort}, ${id} LIMIT ${limit}`
  if (!query.perAgency)
    return { sql: `${query.from} ${filter.sql} ${order}`, params: filter.params }
  const { table, agencies } = query.perAgency
  // The first `take` keys of agency x.id (that also meet `more`), as JSON [[key, id, rowid], …].
  const keys = (take: string, more = '') =>
    `SELECT json_group_array(json_array(k, i, r)) FROM (SELECT ${sort} AS k, ${id} AS i, rowid AS r
       FROM ${table} WHERE ${['agency_id = x.id', ...filter.clauses].join(' AND ')}${more}
       ORDER BY ${sort}, ${id} LIMIT ${take})`
  const unbounded = 'NOT EXISTS (SELECT 1 FROM bound)'
  const pageRows = `WITH x(id) AS (${agencies}),
      heads AS (SELECT x.id AS a, j.key AS n, j.value ->> 0 AS k, j.value ->> 1 AS i, j.value ->> 2 AS r
        FROM x, json_each((${keys(String(HEADS))})) j),
      bound AS (SELECT k, i FROM heads ORDER BY k, i LIMIT 1 OFFSET ${limit} - 1),
      unread AS (SELECT a AS id FROM heads
        WHERE n = ${HEADS - 1} AND (${unbounded} OR (k, i) < (SELECT k, i FROM bound))),
      rest AS (SELECT j.value ->> 0 AS k, j.value ->> 1 AS i, j.value ->> 2 AS r
        FROM unread x, json_each((${keys(limit, ` AND (${unbounded} OR (${sort}, ${id}) <= (SELECT k, i FROM bound))`)})) j)
    SELECT r FROM (SELECT k, i, r FROM heads UNION SELECT k, i, r FROM rest) ORDER BY k, i LIMIT ${limit}`
  return { sql: `${query.from} WHERE rowid IN (${pageRows}) ${order}`, params: filter.params }
}

/** How many keys of each agency a subtree page reads before it knows where the page ends. */
const HEADS = 2

/** Runs a page query and cuts it into `{ items, nextCursor }`. */
export async function runPage<Row, Item>(
  db: D1Database,
  query: { sql: string; params: unknown[] },
  limit: number,
  keyOf: (row: Row) => { key: string; id: string },
  map: (row: Row) => Item
) {
  const { results } = await db
    .prepare(query.sql)
    .bind(...query.params)
    .all<Row>()
  const more = results.length > limit
  const rows = more ? results.slice(0, limit) : results
  return {
    items: rows.map(map),
    nextCursor: more ? encodeCursor(keyOf(rows[rows.length - 1])) : null,
  }
}
