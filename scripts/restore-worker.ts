// The Worker that puts a backup back into D1 for `npm run restore -- --local` (run by Miniflare).
import { restoreBackup } from '../src/jobs/restore'

export default {
  async fetch(request: Request, env: { BACKUPS: R2Bucket; DB: D1Database }) {
    const prefix = new URL(request.url).searchParams.get('prefix')!
    try {
      return Response.json({ counts: await restoreBackup(env.BACKUPS, prefix, env.DB) })
    } catch (error) {
      return Response.json({ error: String((error as Error)?.message ?? error) }, { status: 500 })
    }
  },
}
