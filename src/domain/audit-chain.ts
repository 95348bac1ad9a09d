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
}

/** The genesis link: what the first entry's prev_hash stands for. */
export const GENESIS = '0'.repeat(64)

/**
 * The entry's hash: SHA-256 over its fields (in a fixed order, JSON-encoded so no field can bleed
 * into the next) and the previous entry's hash. Editing, removing or reordering any entry changes
 * the hash that every later entry was chained to.
 */
export async function entryHash(e: ChainedEntry): Promise<string> {
  const text = JSON.stringify([
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
  ])
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export type StoredEntry = ChainedEntry & { hash: string | null }

/** The first broken link of a run of entries (in seq order) that follows `prevHash`, or null. */
export async function firstBrokenLink(entries: StoredEntry[], prevHash: string | null) {
  let expectedPrev = prevHash ?? GENESIS
  for (const entry of entries) {
    if ((entry.prevHash ?? GENESIS) !== expectedPrev)
      return { seq: entry.seq, reason: 'prev_hash does not match the previous entry' }
    if (entry.hash !== (await entryHash(entry)))
      return { seq: entry.seq, reason: 'content does not match its hash' }
    expectedPrev = entry.hash
  }
  return null
}
