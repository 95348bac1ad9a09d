// npm run deploy -- --env production   (or staging)
// Applies the D1 migrations remotely first, so the code never runs against an older schema,
// then bundles Swagger UI and deploys the Worker (with its cron, queues and bindings).
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { copyDocsAssets } from './assets'
import { quietEnv } from './wrangler'

const { values } = parseArgs({ options: { env: { type: 'string' } } })
if (values.env !== 'staging' && values.env !== 'production') {
  console.error('usage: npm run deploy -- --env staging|production')
  process.exit(2)
}
const root = process.cwd()
const run = (args: string[]) => {
  console.log(`> wrangler ${args.join(' ')}`)
  const result = spawnSync(`${root}/node_modules/.bin/wrangler`, args, {
    stdio: 'inherit',
    env: { ...quietEnv(root), CI: '1' },
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
copyDocsAssets(root)
run(['d1', 'migrations', 'apply', 'DB', '--remote', '--env', values.env])
run(['deploy', '--env', values.env])
