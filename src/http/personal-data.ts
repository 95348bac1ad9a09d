import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { recordEvent } from './change'

/**
 * Records that the department read personal data whole (CCCD numbers, or subjects carrying one):
 * who, what, when, in the audit log (Nghị định 13/2023/NĐ-CP). Others never see it whole, so only
 * admins' reads are recorded, and only when something whole was answered.
 */
export async function auditPersonalRead(c: Context<AppEnv>, entity: string, ids: string[]) {
  if (c.get('principal').role !== 'admin' || !ids.length) return
  await recordEvent(
    c,
    {
      action: 'personal-data.read',
      entity,
      entityId: ids.length === 1 ? ids[0] : `${ids.length} ${entity}s`,
      before: null,
      after: { route: c.req.routePath, ids: ids.slice(0, 200), count: ids.length },
    },
    new Date()
  )
}
