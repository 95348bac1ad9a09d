import type { HonoJsonWebKey } from 'hono/utils/jwt/jws'
import { verifyWithJwks } from 'hono/jwt'

/** Access is on when both its team domain and the application's audience are configured. */
export const accessConfigured = (env: Env) => Boolean(env.ACCESS_TEAM_DOMAIN && env.ACCESS_AUD)

const JWKS_TTL_MS = 10 * 60_000
let cached: { url: string; keys: HonoJsonWebKey[]; until: number } | null = null

/** The team's signing keys, kept for ten minutes; `fresh` refetches (after a key rotation). */
async function teamKeys(url: string, now: number, fresh = false): Promise<HonoJsonWebKey[]> {
  if (!fresh && cached?.url === url && cached.until > now) return cached.keys
  const res = await fetch(url)
  if (!res.ok) throw new Error(`JWKS ${url} answered ${res.status}`)
  const { keys } = (await res.json()) as { keys: HonoJsonWebKey[] }
  cached = { url, keys, until: now + JWKS_TTL_MS }
  return keys
}

/**
 * The e-mail of a valid Cloudflare Access token, or null: RS256 signature by one of the team's
 * keys, this application's audience, the team as issuer, and not expired.
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
    const payload = await verify(await teamKeys(url, now)).catch(async (error) => {
      // An unknown key id may be a rotation: look once more before refusing.
      if (String(error).includes('JwtTokenInvalid')) return verify(await teamKeys(url, now, true))
      throw error
    })
    return typeof payload.email === 'string' ? payload.email.toLowerCase() : null
  } catch {
    return null
  }
}
