import type { Context } from 'hono'
import { commitAudited } from '../db/audit'
import { auditKeys } from '../lib/audit-keys'
import { saveAnswer } from '../db/idempotency'
import type { AppEnv } from '../env'
import type { Problem } from '../lib/problem'

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
 * Commits a change made by this request in one batch: its statements, its audit entries (who:
 * the principal, when: `at`, and the request id) and, for a create sent with an Idempotency-Key,
 * the answer to replay. All of it lands or none.
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
  const { signer } = await auditKeys(c.env)
  return commitAudited(db, signer, statements, entries, replay, options.onGuard)
}

/** Appends audit entries on their own (sign-ins, failed sign-ins): same chain, same rules. */
export const recordEvent = (c: Ctx, change: Change, at: Date) => commitChange(c, [], [change], at)
