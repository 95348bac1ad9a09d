import type { Context } from 'hono'
import { appendAudit } from '../db/audit'
import { commit } from '../db/batch'
import { saveAnswer } from '../db/idempotency'
import type { AppEnv } from '../env'
import type { Problem } from './problem'

type Ctx = Context<AppEnv>

/** What changed, for the audit log: before and after as the API shows them. */
export interface Change {
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
}

/** The audit statement for a change made in this request, by this principal, now. */
export const auditOf = (c: Ctx, change: Change, at: Date) =>
  appendAudit(c.env.DB, {
    ...change,
    at: at.toISOString(),
    principal: c.get('principal').id,
    requestId: c.get('requestId'),
  })

/**
 * Commits a change: its statements, its audit entries and (for a create sent with an
 * Idempotency-Key) the answer to replay, in one batch, so all of it lands or none.
 */
export async function commitChange(
  c: Ctx,
  statements: D1PreparedStatement[],
  changes: Change[],
  at: Date,
  options: { answer?: { status: number; body: unknown }; onGuard?: () => Problem } = {}
) {
  const all = [...statements, ...changes.map((change) => auditOf(c, change, at))]
  const idem = c.get('idempotency')
  if (idem && options.answer)
    all.push(
      saveAnswer(
        c.env.DB,
        c.get('principal').id,
        idem.key,
        {
          fingerprint: idem.fingerprint,
          status: options.answer.status,
          body: JSON.stringify(options.answer.body),
        },
        at.toISOString()
      )
    )
  return commit(c.env.DB, all, options.onGuard)
}
