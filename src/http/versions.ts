import type { Context } from 'hono'
import { Problem } from '../lib/problem'

/** The ETag of a record version: strong, so If-Match can compare it. */
export const etag = (version: number) => `"v${version}"`

/**
 * Honours If-Match: when the client sent one and it names another version than the stored one,
 * the change is refused with 412 before anything is written. Returns whether the client sent one
 * (a guard failing later is then also a 412, else a 409).
 */
export function checkIfMatch(c: Context, version: number): boolean {
  const header = c.req.header('if-match')
  if (!header) return false
  const tags = header.split(',').map((t) => t.trim())
  if (tags.includes('*') || tags.includes(etag(version))) return true
  throw new Problem(412, 'stale-version', {}, undefined, { ETag: etag(version) })
}

/** The problem for a versioned write that lost a race with another writer. */
export const lostRace = (ifMatch: boolean) => () =>
  ifMatch ? new Problem(412, 'stale-version') : new Problem(409, 'concurrent-change')
