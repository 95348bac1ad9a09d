import type { Context } from 'hono'
import type { Summary } from '../../../schemas/report'
import { dataVersion, summary } from '../../db/reports'
import type { AppEnv } from '../../env'

/** How long a cached summary is kept: KV's shortest expiry; a key is only read within its minute. */
const KEEP_SECONDS = 120

/** A stable offset (0–59 s) for a cache key's minute, from its text. */
const offsetOf = (text: string) =>
  ([...text].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % 60) * 1000

/** The period of a report: the asked bounds, else the 90 days up to now. */
export const periodOf = (now: Date, query: { from?: string; to?: string }) => ({
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
 * version and the minute. The version moves on with every write the summary counts (migration
 * 0007), so a kept summary is exact as of its `asOf`: at most a minute old, and no write since.
 * KV's own lag can only cause a miss, never a wrong answer: a key is never written with other
 * figures. At a national registry a province's summary reads ~30,000 certificates; kept, it is one
 * D1 row and one KV read until something changes.
 */
export async function cachedSummary(
  c: Context<AppEnv>,
  now: Date,
  agencyId: string | undefined,
  query: { from?: string; to?: string },
  fresh = false
): Promise<Summary> {
  const period = periodOf(now, query)
  const scope = `${agencyId ?? '*'}/${query.from ? period.from : ''}/${query.to ? period.to : ''}`
  // The default period moves with the clock: the minute stands for it. Each scope's minute starts
  // at its own second, so the kept summaries do not all run out (and get recomputed) at once.
  const minute = Math.floor((now.getTime() + offsetOf(scope)) / 60_000)
  const keyAt = (version: number) => `summary/${version}/${scope}/${minute}`
  if (!fresh) {
    const key = keyAt(await dataVersion(c.env.DB))
    const kept = await c.env.CACHE.get<Summary>(key, 'json').catch(() => null)
    if (kept) return kept
  }
  const { figures, version } = await summary(c.env.DB, now, agencyId, period)
  c.executionCtx.waitUntil(
    c.env.CACHE.put(keyAt(version), JSON.stringify(figures), { expirationTtl: KEEP_SECONDS }).catch(
      () => undefined // a summary not kept is computed again next time
    )
  )
  return figures
}
