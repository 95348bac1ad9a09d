import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

const migrations = await readD1Migrations(`${import.meta.dirname}/schemas/migrations`)

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: './src/index.ts',
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          ADMIN_TOKEN: 'test-admin-token',
          ENVIRONMENT: 'test',
        },
      },
    }),
  ],
  test: {
    include: ['test/{unit,api,jobs,property}/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/helpers/setup.ts'],
  },
})
