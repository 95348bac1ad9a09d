import { webhookUrlProblem } from '../lib/net'

const encoder = new TextEncoder()

async function hmacHex(key: string, message: string) {
  const k = await crypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign']
  )
  const mac = await crypto.subtle.sign('HMAC', k, encoder.encode(message))
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * An agency's webhook secret, derived from the registry's signing key: each agency has its own,
 * none is stored, and rotating WEBHOOK_SIGNING_KEY rotates them all.
 */
export const webhookSecret = (signingKey: string, agencyId: string) =>
  hmacHex(signingKey, `webhook:${agencyId}`)

/** The X-Signature of a body: `sha256=` and the HMAC-SHA256 of the exact bytes sent. */
export const signature = async (secret: string, body: string) =>
  `sha256=${await hmacHex(secret, body)}`

const TIMEOUT_MS = 10_000

/**
 * Posts a digest to an agency's webhook: JSON, signed, with the digest id as idempotency key so a
 * receiver can drop a repeat. Accepted = a 2xx answer within 10 s; anything else (a redirect
 * included, never followed) is a failure with the reason, and the queue retries it. A URL the
 * rules no longer allow (set before them, or at the edge a local one) is not called.
 */
export async function postWebhook(
  url: string,
  body: string,
  secret: string,
  digestId: string,
  strict = true
) {
  const refused = webhookUrlProblem(url, strict)
  if (refused) return { accepted: false, detail: `not called: ${refused}` }
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': await signature(secret, body),
        'x-digest-id': digestId,
        'idempotency-key': digestId,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      // A redirect is not followed: the signature and the digest would go to wherever it points.
      redirect: 'manual',
    })
    await res.body?.cancel()
    if (res.status >= 300 && res.status < 400)
      return { accepted: false, detail: `HTTP ${res.status}: redirects are not followed` }
    return res.ok
      ? { accepted: true, detail: `HTTP ${res.status}` }
      : { accepted: false, detail: `HTTP ${res.status}` }
  } catch (error) {
    const name = (error as Error)?.name
    return {
      accepted: false,
      detail:
        name === 'TimeoutError'
          ? `no answer within ${TIMEOUT_MS / 1000} s`
          : String((error as Error)?.message ?? error).slice(0, 200),
    }
  }
}
