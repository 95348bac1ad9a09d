import type { Context } from 'hono'
import type { Summary } from '../../../schemas/report'
import { dataVersion, summary } from '../../db/reports'
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

/** True when the client asked for figures computed now (`Cache-Control: no-cache`). */
export const wantsFresh = (c: Context<AppEnv>) =>
  /\bno-cache\b/i.test(c.req.header('cache-control') ?? '')

/**
 * The summary of an agency's subtree (or of the registry), kept in KV under the registry's data
 * version. The version moves on with every write the summary counts (migration 0007), so a kept
 * summary is exact as of its `asOf`: nothing was written since. Within a minute it is answered as
 * it is; up to five minutes old it is answered while a new one is computed behind the answer (the
 * clock alone changes a few figures, and a dashboard need not wait for that); older, or after any
 * write, it is computed now. KV's own lag can only cause a miss, never a wrong answer: a key is
 * never written with other figures. At a national registry a province's summary reads ~30,000
 * index entries; kept, it is one D1 row and one KV read.
 */
export async function cachedSummary(
  c: Context<AppEnv>,
  now: Date,
  agencyId: string | undefined,
  query: { from?: string; to?: string },
  fresh = false,
  /** The data version when the caller read it already (a report of many agencies reads it once). */
  knownVersion?: number
): Promise<Summary> {
  const scope = `${agencyId ?? '*'}/${query.from ?? ''}/${query.to ?? ''}`
  const keyAt = (version: number) => `summary/${version}/${scope}`
  const compute = async (at: Date) => {
    const { figures, version } = await summary(c.env.DB, at, agencyId, periodOf(at, query))
    const keep = c.env.CACHE.put(keyAt(version), JSON.stringify(figures), {
      expirationTtl: KEEP_SECONDS,
    }).catch(() => undefined) // a summary not kept is computed again next time
    return { figures, keep }
  }
  if (!fresh) {
    const key = keyAt(knownVersion ?? (await dataVersion(c.env.DB)))
    const kept = await c.env.CACHE.get<Summary>(key, 'json').catch(() => null)
    const age = kept ? now.getTime() - Date.parse(kept.asOf) : Infinity
    if (kept && age < FRESH_MS) return kept
    if (kept && age < KEEP_SECONDS * 1000) {
      if (!refreshing.has(key)) {
        refreshing.add(key)
        c.executionCtx.waitUntil(
          compute(new Date())
            .then(({ keep }) => keep)
            .catch(() => undefined)
            .finally(() => refreshing.delete(key))
        )
      }
      return kept
    }
  }
  const { figures, keep } = await compute(now)
  c.executionCtx.waitUntil(keep)
  return figures
}
