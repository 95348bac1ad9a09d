import { build } from 'esbuild'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import type { Readable } from 'node:stream'

export const DB_ID = '00000000-0000-0000-0000-000000000000'
export const TOKEN = 'bench-admin-token'

/** Bundles the bench Worker (the registry plus the PK floor and the timed scan) with esbuild. */
export async function bundle(data: string) {
  const outfile = join(data, 'worker.js')
  await build({
    entryPoints: [join(import.meta.dirname, 'worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['cloudflare:*', 'node:*'],
    loader: { '.vendor.txt': 'text' },
    outfile,
    logLevel: 'error',
  })
  return outfile
}

/** A Miniflare API server for the Worker over the local D1 persisted in `dir`. */
export function server(scriptPath: string, dir: string, restoreDb?: string) {
  return new Miniflare({
    modules: true,
    scriptPath,
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: DB_ID, ...(restoreDb ? { RESTORE_DB: restoreDb } : {}) },
    r2Buckets: ['BACKUPS'],
    r2Persist: join(dir, 'v3/r2'),
    d1Persist: join(dir, 'v3/d1'),
    kvNamespaces: ['CACHE'],
    queueProducers: { NOTICES: 'cert-registry-notices' },
    ratelimits: {
      PUBLIC_LIMITER: { simple: { limit: 1_000_000_000, period: 60 } },
      SIGNIN_LIMITER: { simple: { limit: 1_000_000_000, period: 60 } },
    },
    bindings: {
      ENVIRONMENT: 'bench',
      ADMIN_TOKEN: TOKEN,
      ACCESS_TEAM_DOMAIN: '',
      ACCESS_AUD: '',
      CORS_ORIGINS: '',
      REMINDER_DAYS: '60,30,14,7,1',
      EMAIL_FROM: 'bench@example.gov.vn',
      DEPARTMENT_EMAIL: '',
      WEBHOOK_SIGNING_KEY: 'bench-webhook-signing-key',
      AUDIT_KEY: 'bench-audit-key-of-at-least-thirty-two-characters',
    },
    // The Worker still writes its request log, as in production; the harness does not print it.
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.resume()
      stderr.pipe(process.stderr)
    },
    host: '127.0.0.1',
    port: 0,
  })
}
