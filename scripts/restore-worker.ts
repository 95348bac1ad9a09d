// The Worker that puts a backup back into D1 for `npm run restore -- --local` (run by Miniflare).
import { restoreBackup } from '../src/jobs/restore'
import { auditKeys } from '../src/lib/audit-keys'

export default {
  async fetch(
    request: Request,
    env: { BACKUPS: R2Bucket; DB: D1Database; AUDIT_KEY: string; AUDIT_KEYS_PREVIOUS?: string }
  ) {
    const prefix = new URL(request.url).searchParams.get('prefix')!
    try {
      const { keys } = await auditKeys(env)
      return Response.json({ counts: await restoreBackup(env.BACKUPS, prefix, env.DB, keys) })
    } catch (error) {
      return Response.json({ error: String((error as Error)?.message ?? error) }, { status: 500 })
    }
  },
}
