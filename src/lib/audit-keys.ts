import type { AuditKey } from '../domain/audit-chain'
import { sha256Hex } from './secrets'

const made = new Map<string, Promise<AuditKey>>()

/**
 * The HMAC key of a secret, and its id (a hash of it, stored with each entry so verification knows
 * which key to use; it says nothing of the secret). Made once per isolate.
 */
export function auditKey(secret: string): Promise<AuditKey> {
  if (!made.has(secret))
    made.set(
      secret,
      (async () => ({
        id: (await sha256Hex(`audit-key-id:${secret}`)).slice(0, 16),
        key: await crypto.subtle.importKey(
          'raw',
          new TextEncoder().encode(secret),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign']
        ),
      }))()
    )
  return made.get(secret)!
}

/**
 * The audit log's keys: AUDIT_KEY signs new entries; AUDIT_KEYS_PREVIOUS (comma-separated) are
 * the keys it replaced, kept so the entries they signed still verify after a rotation.
 */
export async function auditKeys(env: { AUDIT_KEY: string; AUDIT_KEYS_PREVIOUS?: string }) {
  const signer = await auditKey(env.AUDIT_KEY)
  const previous = (env.AUDIT_KEYS_PREVIOUS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const all = [signer, ...(await Promise.all(previous.map(auditKey)))]
  return { signer, keys: new Map(all.map((k) => [k.id, k.key])) }
}

/** An HMAC of a text with the audit key, hex: anchors and backup manifests are signed with it. */
export async function signText(key: CryptoKey, text: string) {
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text))
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
