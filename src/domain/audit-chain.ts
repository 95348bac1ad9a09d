/** One audit entry as it is hashed: everything but the hash itself. */
export interface ChainedEntry {
  seq: number
  at: string
  principal: string
  action: string
  entity: string
  entityId: string
  before: string | null
  after: string | null
  requestId: string
  prevHash: string | null
  /** The key its hash is an HMAC with; null for an entry from before keys (a plain SHA-256). */
  keyId: string | null
}

export type StoredEntry = ChainedEntry & { hash: string | null }

/** The key an entry is signed with: its id (stored beside the entry) and the HMAC key itself. */
export interface AuditKey {
  id: string
  key: CryptoKey
}

/** The genesis link: what the first entry's prev_hash stands for. */
export const GENESIS = '0'.repeat(64)

const hex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')

/** The text an entry's hash covers: its fields in a fixed order, JSON-encoded so none bleeds into the next. */
const textOf = (e: ChainedEntry) =>
  new TextEncoder().encode(
    JSON.stringify([
      e.seq,
      e.at,
      e.principal,
      e.action,
      e.entity,
      e.entityId,
      e.before,
      e.after,
      e.requestId,
      e.prevHash ?? GENESIS,
      ...(e.keyId === null ? [] : [e.keyId]),
    ])
  )

/**
 * The entry's hash: an HMAC-SHA256 with the audit key (a secret of the Worker, not in D1), over its
 * fields and the previous entry's hash. Editing, removing or reordering any entry changes the hash
 * every later entry was chained to; and without the key nobody can compute the chain again. An
 * entry from before keys (no key) was chained with a plain SHA-256.
 */
export async function entryHash(e: ChainedEntry, key: CryptoKey | null = null): Promise<string> {
  return hex(
    key
      ? await crypto.subtle.sign('HMAC', key, textOf(e))
      : await crypto.subtle.digest('SHA-256', textOf(e))
  )
}

/** What verification found wrong, and where. */
export interface Break {
  seq: number
  reason:
    | 'gap' // entries are missing before this one: removed
    | 'prev-mismatch' // it does not chain onto the entry before it
    | 'content-mismatch' // its content does not match its hash: rewritten
    | 'unknown-key' // signed with a key the registry does not hold: forged
    | 'unkeyed' // a plain hash where entries are keyed: rewritten without the key
    | 'truncated' // the log ends before an anchored entry: the newest were removed
    | 'anchor-mismatch' // the anchored entry is not the one the anchor recorded
}

/**
 * The first break in a run of entries (in seq order) that follows `prevHash` at `fromSeq`: a gap
 * in the numbering, a broken link, a hash that does not match, a key the registry does not hold,
 * or a plain hash from `keyedFrom` on (where every entry is keyed). Null when the run holds.
 */
export async function firstBreak(
  entries: StoredEntry[],
  start: { seq: number; prevHash: string | null },
  keys: ReadonlyMap<string, CryptoKey>,
  keyedFrom: number | null
): Promise<Break | null> {
  let expectedPrev = start.prevHash ?? GENESIS
  let expectedSeq = start.seq
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { seq: expectedSeq, reason: 'gap' }
    if ((entry.prevHash ?? GENESIS) !== expectedPrev)
      return { seq: entry.seq, reason: 'prev-mismatch' }
    if (entry.keyId === null && keyedFrom !== null && entry.seq >= keyedFrom)
      return { seq: entry.seq, reason: 'unkeyed' }
    const key = entry.keyId === null ? null : keys.get(entry.keyId)
    if (key === undefined) return { seq: entry.seq, reason: 'unknown-key' }
    if (entry.hash !== (await entryHash(entry, key)))
      return { seq: entry.seq, reason: 'content-mismatch' }
    expectedPrev = entry.hash
    expectedSeq++
  }
  return null
}
