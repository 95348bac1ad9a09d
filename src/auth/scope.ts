import type { Context } from 'hono'
import { isInSubtree } from '../db/agencies'
import type { AppEnv, Principal } from '../env'
import { notFound } from '../lib/problem'

/** The agency whose subtree this principal may see, or undefined for everything. */
export const scopeOf = (principal: Principal): string | undefined =>
  principal.role === 'officer' ? principal.agencyId : undefined

/**
 * Answers 404 (not 403: existence is not disclosed) when a record of `agencyId` lies outside the
 * principal's scope.
 */
export async function assertVisible(
  c: Context<AppEnv>,
  entity: string,
  id: string,
  agencyId: string
) {
  const scope = scopeOf(c.get('principal'))
  if (scope && !(await isInSubtree(c.env.DB, scope, agencyId))) throw notFound(entity, id)
}
