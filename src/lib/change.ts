import type { Context } from 'hono'
import { chainedInserts, chainHead } from '../db/audit'
import { ChainMoved, commit } from '../db/batch'
import { saveAnswer } from '../db/idempotency'
import type { AppEnv } from '../env'
import { Problem } from './problem'

type Ctx = Context<AppEnv>

/** What changed, for the audit log: before and after as the API shows them. */
export interface Change {
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
}

/**
 * How often a write is rebuilt when other writers keep extending the audit chain first, waiting a
 * random, growing pause between tries so that simultaneous writers spread out instead of colliding
 * again. A department writes a few times a second at most; this holds dozens at once.
 */
const CHAIN_ATTEMPTS = 20
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(5 * 2 ** attempt, 250)))

/**
 * Commits a change in one batch: its statements, its audit entries (hash-chained to the log's
 * head) and, for a create sent with an Idempotency-Key, the answer to replay. All of it lands or
 * none. When another write took the chain's next place first, the entries are rebuilt on the new
 * head and the batch is tried again; the change's own preconditions are in its statements, so a
 * retry can never apply a change that is no longer valid.
 */
export async function commitChange(
  c: Ctx,
  statements: D1PreparedStatement[],
  changes: Change[],
  at: Date,
  options: { answer?: { status: number; body: unknown }; onGuard?: () => Problem } = {}
) {
  const db = c.env.DB
  const principal = c.get('principal').id
  const entries = changes.map((change) => ({
    ...change,
    at: at.toISOString(),
    principal,
    requestId: c.get('requestId'),
  }))
  const idem = c.get('idempotency')
  const replay =
    idem && options.answer
      ? [
          saveAnswer(
            db,
            principal,
            idem.key,
            {
              fingerprint: idem.fingerprint,
              status: options.answer.status,
              body: JSON.stringify(options.answer.body),
            },
            at.toISOString()
          ),
        ]
      : []
  for (let attempt = 1; ; attempt++) {
    const audit = await chainedInserts(db, await chainHead(db), entries)
    try {
      return await commit(db, [...statements, ...audit, ...replay], options.onGuard)
    } catch (error) {
      if (!(error instanceof ChainMoved)) throw error
      if (attempt >= CHAIN_ATTEMPTS)
        throw new Problem(
          503,
          'registry-busy',
          'Too many changes at the same moment; nothing was saved. Retry shortly.',
          undefined,
          { 'Retry-After': '1' }
        )
      await pause(attempt)
    }
  }
}

/** Appends audit entries on their own (sign-ins, failed sign-ins): same chain, same rules. */
export const recordEvent = (c: Ctx, change: Change, at: Date) => commitChange(c, [], [change], at)
