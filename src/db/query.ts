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

/** Adds the scope and agency conditions on `column` (agency_id, or id for agencies themselves). */
export function byAgency(where: Filter, f: AgencyScope, column = 'agency_id') {
  if (f.scope) where.and(`${column} IN (${subtreeOf(where.bind(f.scope))})`)
  if (f.agencyId)
    where.and(
      f.subtree
        ? `${column} IN (${subtreeOf(where.bind(f.agencyId))})`
        : `${column} = ${where.bind(f.agencyId)}`
    )
  return where
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
}

/**
 * The SQL of one page of a keyset-paged list: rows after the cursor, in (sort, id) order, one
 * more than the limit to know whether another page follows. The cursor condition is written as
 * a range on the sort column so the index seeks to it instead of scanning from the start.
 */
export function pageQuery(query: KeysetQuery, page: PageRequest) {
  const { filter, sortColumn: sort, idColumn: id } = query
  if (page.cursor) {
    const at = decodeCursor(page.cursor)
    const key = filter.bind(at.key)
    filter.and(`${sort} >= ${key} AND (${sort} > ${key} OR ${id} > ${filter.bind(at.id)})`)
  }
  const sql = `${query.from} ${filter.sql} ORDER BY ${sort}, ${id} LIMIT ${filter.bind(page.limit + 1)}`
  return { sql, params: filter.params }
}

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
