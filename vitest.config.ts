import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { readFileSync } from 'node:fs'
import { defineConfig, type Plugin } from 'vitest/config'

/** Vendored *.vendor.txt files load as strings, as wrangler's Text rule loads them in the Worker. */
const vendorText: Plugin = {
  name: 'vendor-text',
  enforce: 'pre',
  load: (id) =>
    id.endsWith('.vendor.txt')
      ? `export default ${JSON.stringify(readFileSync(id, 'utf8'))}`
      : undefined,
}

const migrations = await readD1Migrations(`${import.meta.dirname}/schemas/migrations`)

export default defineConfig({
  test: {
    // One JSON line per request is what production wants; in the test output it is noise.
    onConsoleLog: (log: string) =>
      log.startsWith('{"level":"info","message":"request"') ? false : undefined,
    projects: [
      {
        // Unit, API and job tests inside workerd, against real (miniflare) D1, KV and Queues.
        plugins: [
          vendorText,
          cloudflareTest({
            main: './src/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // A second, empty database: the restore test puts a backup back into it.
              d1Databases: {
                DB: '00000000-0000-0000-0000-000000000000',
                RESTORE_DB: 'restore-test',
              },
              bindings: {
                TEST_MIGRATIONS: migrations,
                ADMIN_TOKEN: 'test-admin-token',
                ENVIRONMENT: 'test',
                ACCESS_TEAM_DOMAIN: 'https://registry-test.cloudflareaccess.com',
                ACCESS_AUD: 'registry-test-aud',
                CORS_ORIGINS: 'https://portal.example.gov.vn',
                WEBHOOK_SIGNING_KEY: 'test-webhook-signing-key',
                AUDIT_KEY: 'test-audit-key-0123456789abcdef0123456789',
                DEPARTMENT_EMAIL: 'cntt@skhcn.example.gov.vn',
                // The loopback CA in the fetch tests answers within milliseconds, or too late.
                CRL_FETCH_TIMEOUT_MS: '1500',
                // A longer property search from the shell (`PROPERTY_RUNS=500 npx vitest run
                // test/property`): the tests read them from env.
                ...(process.env.PROPERTY_RUNS && { PROPERTY_RUNS: process.env.PROPERTY_RUNS }),
                ...(process.env.PROPERTY_SEED && { PROPERTY_SEED: process.env.PROPERTY_SEED }),
              },
            },
          }),
        ],
        // As wrangler.toml's [alias]: fflate's asynchronous zip and unzip, run synchronously.
        resolve: {
          alias: [
            { find: /^fflate$/, replacement: `${import.meta.dirname}/src/lib/fflate-sync.ts` },
          ],
        },
        test: {
          name: 'workers',
          // A few tests move real volumes (a 10,000-row import, a simulated year of scans).
          testTimeout: 30_000,
          include: ['test/{unit,api,jobs,property}/**/*.test.{ts,tsx}'],
          setupFiles: ['./test/helpers/setup.ts'],
          // A CA's CRL distribution point and OCSP responder (openssl ocsp) on loopback.
          globalSetup: ['./test/helpers/ca-servers.setup.ts'],
        },
      },
      {
        // End to end: the registry started as `npm start` starts it, driven from outside.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['./test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
