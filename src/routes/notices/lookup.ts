import type { Context } from 'hono'
import { assertVisible } from '../../auth/scope'
import { findNotice } from '../../db/notice-list'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/problem'

/** The notice addressed by the URL, if this principal may see it (404 otherwise). */
export async function visibleNotice(c: Context<AppEnv>, id: string) {
  const notice = await findNotice(c.env.DB, id)
  if (!notice) throw notFound('notice', id)
  await assertVisible(c, 'notice', id, notice.agencyId)
  return notice
}
