import type { HonoJsonWebKey } from 'hono/utils/jwt/jws'
import { verifyWithJwks } from 'hono/jwt'

/** Access is on when both its team domain and the application's audience are configured. */
export const accessConfigured = (env: Env) => Boolean(env.ACCESS_TEAM_DOMAIN && env.ACCESS_AUD)

const JWKS_TTL_MS = 10 * 60_000
/** However many tokens name an unknown key, the team's keys are fetched again at most this often. */
const REFETCH_FLOOR_MS = 60_000
let cached: { url: string; keys: HonoJsonWebKey[]; until: number; fetchedAt: number } | null = null

/** The team's signing keys, kept for ten minutes; `fresh` refetches (a rotation), at most once a minute. */
async function teamKeys(url: string, now: number, fresh = false): Promise<HonoJsonWebKey[]> {
  const known = cached?.url === url ? cached : null
  if (known && (fresh ? now - known.fetchedAt < REFETCH_FLOOR_MS : known.until > now))
    return known.keys
  const res = await fetch(url)
  if (!res.ok) throw new Error(`JWKS ${url} answered ${res.status}`)
  const { keys } = (await res.json()) as { keys: HonoJsonWebKey[] }
  cached = { url, keys, until: now + JWKS_TTL_MS, fetchedAt: now }
  return keys
}

/** The key id a token names (its header's kid), or null for one that is not a JWT. */
function kidOf(token: string): string | null {
  try {
    const header = JSON.parse(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/')))
    return typeof header.kid === 'string' ? header.kid : null
  } catch {
    return null
  }
}

/**
 * The e-mail of a valid Cloudflare Access token, or null: RS256 signature by one of the team's
 * keys, this application's audience, the team as issuer, and not expired. A token naming a key
 * the team does not have makes the Worker look again (a rotation), at most once a minute: a
 * stream of bogus tokens never turns into a stream of fetches.
 */
export async function accessEmail(
  env: Env,
  token: string,
  now = Date.now()
): Promise<string | null> {
  const team = env.ACCESS_TEAM_DOMAIN.replace(/\/+$/, '')
  const url = `${team}/cdn-cgi/access/certs`
  const verify = async (keys: HonoJsonWebKey[]) =>
    verifyWithJwks(token, {
      keys,
      allowedAlgorithms: ['RS256'],
      verification: { aud: env.ACCESS_AUD, iss: team },
    })
  try {
    const kid = kidOf(token)
    if (kid === null) return null
    let keys = await teamKeys(url, now)
    if (!keys.some((k) => k.kid === kid)) keys = await teamKeys(url, now, true)
    const payload = await verify(keys)
    return typeof payload.email === 'string' ? payload.email.toLowerCase() : null
  } catch {
    return null
  }
}
