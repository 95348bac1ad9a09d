import type { Context } from 'hono'
import { agencyReport, dataVersion, summary } from '../../db/reports'
import type { AppEnv } from '../../env'

/** A kept summary younger than this is answered as it is. */
const FRESH_MS = 60_000
/** Older, up to this, it is answered while a newer one is computed behind the answer. */
const KEEP_SECONDS = 300
/** Keys this isolate is refreshing now: one refresh at a time for each. */
const refreshing = new Set<string>()

/** The period of a report: the asked bounds, else the 90 days up to now. */
const periodOf = (now: Date, query: { from?: string; to?: string }) => ({
  from: query.from
    ? new Date(query.from).toISOString()
    : new Date(now.getTime() - 90 * 86_400_000).toISOString(),
  to: query.to ? new Date(query.to).toISOString() : now.toISOString(),
})

/**
 * True when an admin asked for figures computed now (`Cache-Control: no-cache`). Anyone else's
 * no-cache is answered with figures at most a minute old: readers cannot make the registry count
 * again at will.
 */
const wantsFresh = (c: Context<AppEnv>) =>
  /\bno-cache\b/i.test(c.req.header('cache-control') ?? '') && c.get('principal').role === 'admin'

type Period = ReturnType<typeof periodOf>
type PeriodAsked = { from?: string; to?: string }
/** Figures of an agency's subtree (or of the registry), with the data version they were read at. */
type Compute<T> = (
  db: D1Database,
  at: Date,
  agencyId: string | undefined,
  period: Period
) => Promise<{ value: T; version: number }>

/**
 * Figures kept in KV under the data version of what they count: an agency's subtree, or the
 * registry. The version moves on with every write inside that scope (migrations 0007, 0009), so
 * kept figures are exact as of their `asOf`: nothing they count was written since, while writes
 * elsewhere leave them be. Within a minute they are answered as they are; up to five minutes old
 * they are answered while new ones are computed behind the answer (the clock alone changes a few
 * figures, and a dashboard need not wait for that); older, or after a write they count, they are
 * computed now. KV's own lag can only cause a miss, never a wrong answer: a key is never written
 * with other figures. `compute` reads the version in the same batch as the figures.
 */
const kept =
  <T extends { asOf: string }>(kind: string, compute: Compute<T>) =>
  async (
    c: Context<AppEnv>,
    now: Date,
    agencyId: string | undefined,
    query: PeriodAsked
  ): Promise<T> => {
    const keyAt = (version: number) =>
      `${kind}/${version}/${agencyId ?? '*'}/${query.from ?? ''}/${query.to ?? ''}`
    const computeAndKeep = async (at: Date) => {
      const { value, version } = await compute(c.env.DB, at, agencyId, periodOf(at, query))
      const keep = c.env.CACHE.put(keyAt(version), JSON.stringify(value), {
        expirationTtl: KEEP_SECONDS,
      }).catch(() => undefined) // figures not kept are computed again next time
      return { value, keep }
    }
    if (!wantsFresh(c)) {
      const key = keyAt(await dataVersion(c.env.DB, agencyId))
      const found = await c.env.CACHE.get<T>(key, 'json').catch(() => null)
      const age = found ? now.getTime() - Date.parse(found.asOf) : Infinity
      if (found && age < FRESH_MS) return found
      if (found && age < KEEP_SECONDS * 1000) {
        if (!refreshing.has(key)) {
          refreshing.add(key)
          c.executionCtx.waitUntil(
            computeAndKeep(new Date())
              .then(({ keep }) => keep)
              .catch(() => undefined)
              .finally(() => refreshing.delete(key))
          )
        }
        return found
      }
    }
    const { value, keep } = await computeAndKeep(now)
    c.executionCtx.waitUntil(keep)
    return value
  }

/**
 * The summary of an agency's subtree (or of the registry), kept (above). At a national registry a
 * province's summary reads ~30,000 index entries; kept, it is one D1 row and one KV read.
 */
export const keptSummary = kept('summary', summary)

/** The summary of each agency below a parent (or of each root), kept (above) as one report. */
export const keptAgencyReport = kept('agencies', agencyReport)

/** How old kept figures are, as an HTTP cache would say it (the `Age` header). */
export const sayAge = (c: Context<AppEnv>, now: Date, asOf: string) =>
  c.header('age', String(Math.max(0, Math.floor((now.getTime() - Date.parse(asOf)) / 1000))))
