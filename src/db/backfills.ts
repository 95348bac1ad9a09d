/**
 * Derived data a migration cannot fill in one D1 query on a large registry (30 s a query), filled
 * afterwards in chunks of rows by `npm run backfill` (and after every `npm run deploy`). Each
 * chunk is one statement that adds only what is missing, so a backfill can stop and run again.
 */
export interface Backfill {
  /** What it fills, in words. */
  what: string
  /** The highest key of the rows it reads: chunks run from 0 to this. */
  extent: string
  /** Fills the rows with keys in (from, to]. */
  chunk: (from: number, to: number) => string
}

/** Rows a chunk reads: about 4 s of D1 time for the search index. */
export const CHUNK_ROWS = 100_000

export const BACKFILLS: Record<string, Backfill> = {
  'search-index': {
    what: 'the certificate search index in expiry order (migration 0006)',
    extent: 'SELECT coalesce(max(rid), 0) AS n FROM certificates',
    chunk: (from, to) =>
      `INSERT INTO certificate_search (rowid, search_text)
         SELECT (unixepoch(c.not_after) / 86400) << 32 | c.rid, c.search_text FROM certificates c
         WHERE c.rid > ${Math.trunc(from)} AND c.rid <= ${Math.trunc(to)}
           AND NOT EXISTS (SELECT 1 FROM certificate_search s
                           WHERE s.rowid = (unixepoch(c.not_after) / 86400) << 32 | c.rid)`,
  },
}
