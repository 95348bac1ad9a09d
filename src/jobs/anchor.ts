import { chainHead, chainSlice } from '../db/audit'
import { firstBreak, type Break } from '../domain/audit-chain'
import { auditKeys, signText } from '../lib/audit-keys'

/**
 * The audit log's head (seq and hash) as it stood at a moment, kept outside D1: an R2 object
 * written once (never overwritten), signed with the audit key. Someone who can run SQL on D1 but
 * not write R2 or read the Worker's secrets cannot remove the newest entries (the log would end
 * before an anchored seq), nor rewrite and re-chain entries (the anchored hash would not match).
 */
export interface Anchor {
  seq: number
  hash: string
  at: string
  /** From which seq every entry is keyed (HMAC): a plain hash after it is a rewrite. */
  keyedFrom: number | null
  keyId: string
  signature: string
}

const PREFIX = 'anchors/'
const keyOf = (seq: number) => `${PREFIX}${String(seq).padStart(12, '0')}.json`
const signed = (a: Omit<Anchor, 'signature'>) =>
  JSON.stringify([a.seq, a.hash, a.at, a.keyedFrom, a.keyId])

/** The newest anchor, with whether its signature verifies; null when there is none yet. */
export async function latestAnchor(env: Env) {
  let last: string | null = null
  let cursor: string | undefined
  do {
    const page = await env.BACKUPS.list({ prefix: PREFIX, cursor })
    for (const o of page.objects) if (!last || o.key > last) last = o.key
    cursor = page.truncated ? page.cursor : undefined
  } while (cursor)
  if (!last) return null
  const anchor = (await (await env.BACKUPS.get(last))?.json()) as Anchor
  const { keys } = await auditKeys(env)
  const key = keys.get(anchor.keyId)
  const valid = key !== undefined && (await signText(key, signed(anchor))) === anchor.signature
  return { anchor, valid }
}

/**
 * Anchors the log's head now (daily, and after each backup). The object is written only if no
 * anchor of that seq exists: anchors are never replaced (and README has the bucket lock that
 * keeps them from being deleted).
 */
export async function writeAnchor(env: Env, at: Date): Promise<Anchor | null> {
  const head = await chainHead(env.DB)
  if (!head?.hash) return null
  const { signer } = await auditKeys(env)
  const previous = await latestAnchor(env)
  const keyedFrom =
    previous?.valid && previous.anchor.keyedFrom !== null
      ? previous.anchor.keyedFrom
      : ((
          await env.DB.prepare(
            'SELECT min(seq) AS seq FROM audit_log WHERE key_id IS NOT NULL'
          ).first<{ seq: number | null }>()
        )?.seq ?? null)
  const body = { seq: head.seq, hash: head.hash, at: at.toISOString(), keyedFrom, keyId: signer.id }
  const anchor = { ...body, signature: await signText(signer.key, signed(body)) }
  await env.BACKUPS.put(keyOf(anchor.seq), JSON.stringify(anchor), {
    onlyIf: { etagDoesNotMatch: '*' },
    httpMetadata: { contentType: 'application/json' },
  })
  return anchor
}

/** Entries verified a call at most: a Worker's CPU time bounds it. */
const SLICE = 1000

/**
 * Verifies the audit log against its latest anchor: the anchor's own signature, the log reaching
 * the anchored seq with the anchored hash, and every entry from there to the head (or from
 * `fromSeq`, a walk of the older log in calls of `limit`): numbering without gaps, links, keyed
 * hashes with a key the registry holds. Names the first break it finds.
 */
export async function verifyAudit(
  env: Env,
  options: { fromSeq?: number; limit: number }
): Promise<{
  ok: boolean
  checked: number
  anchor: { seq: number; at: string } | null
  headSeq: number | null
  problem: Break | { seq: number; reason: 'anchor-signature' } | null
  nextFromSeq: number | null
}> {
  const db = env.DB
  const { keys } = await auditKeys(env)
  const [found, head] = await Promise.all([latestAnchor(env), chainHead(db)])
  const anchor = found?.anchor ?? null
  const result = (problem: any, checked: number, nextFromSeq: number | null = null) => ({
    ok: problem === null,
    checked,
    anchor: anchor && { seq: anchor.seq, at: anchor.at },
    headSeq: head?.seq ?? null,
    problem,
    nextFromSeq,
  })
  if (found && !found.valid) return result({ seq: found.anchor.seq, reason: 'anchor-signature' }, 0)
  if (anchor && (!head || head.seq < anchor.seq))
    return result({ seq: anchor.seq, reason: 'truncated' }, 0)
  let from = options.fromSeq ?? anchor?.seq ?? 1
  let checked = 0
  let prevHash: string | null | undefined
  while (checked < options.limit) {
    const slice = await chainSlice(db, from, Math.min(SLICE, options.limit - checked))
    if (!slice.entries.length) break
    const start = { seq: from, prevHash: prevHash === undefined ? slice.prevHash : prevHash }
    const broken = await firstBreak(slice.entries, start, keys, anchor?.keyedFrom ?? null)
    if (broken) return result(broken, checked)
    const anchored = anchor && slice.entries.find((e) => e.seq === anchor.seq)
    if (anchored && anchored.hash !== anchor.hash)
      return result({ seq: anchor.seq, reason: 'anchor-mismatch' }, checked)
    checked += slice.entries.length
    const last = slice.entries[slice.entries.length - 1]
    prevHash = last.hash
    from = last.seq + 1
  }
  return result(null, checked, head && from <= head.seq ? from : null)
}
