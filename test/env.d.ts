declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[]
    RESTORE_DB: D1Database
    /** From the shell, for a longer property search (vitest.config.ts). */
    PROPERTY_RUNS?: string
    PROPERTY_SEED?: string
  }
}
