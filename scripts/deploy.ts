// npm run deploy -- --env staging|production [--dry-run]
//
// Checks the configuration first (placeholder ids, e-mail, the department's address, Access) and,
// with the caller's `wrangler login` or CLOUDFLARE_API_TOKEN, what only Cloudflare can say (the
// secrets set, the D1, KV, R2 and queues created), naming each thing to fix and how. Then it
// applies the D1 migrations remotely (the code never runs against an older schema), fills in
// chunks what a migration leaves to them on a large registry (npm run backfill), and deploys.
// --dry-run stops after the checks and a build (`wrangler deploy --dry-run`): nothing changes.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { unstable_readConfig } from 'wrangler'
import { copyDocsAssets } from './assets'
import {
  accountProblems,
  configProblems,
  type AccountState,
  type DeployConfig,
} from './deploy-check'
import { quietEnv } from './wrangler'

const { values } = parseArgs({
  options: { env: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
})
const env = values.env
if (env !== 'staging' && env !== 'production') {
  console.error('usage: npm run deploy -- --env staging|production [--dry-run]')
  process.exit(2)
}
const dryRun = values['dry-run']!
const root = process.cwd()
const bin = `${root}/node_modules/.bin/wrangler`
const run = (args: string[]) => {
  console.log(`> wrangler ${args.join(' ')}`)
  const result = spawnSync(bin, args, {
    stdio: 'inherit',
    env: { ...quietEnv(root, true), CI: '1' },
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
/** The chunked backfills (scripts/backfill.ts), remotely, for this environment. */
const backfill = () => {
  console.log(`> npm run backfill -- --remote ${flag.join(' ')}`)
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/backfill.ts', '--remote', ...flag],
    { stdio: 'inherit', cwd: root }
  )
  if (result.status !== 0) process.exit(result.status ?? 1)
}
/** A wrangler answer as JSON, or null when it cannot be had (no credentials, no network). */
const ask = (args: string[]): any => {
  const result = spawnSync(bin, args, {
    encoding: 'utf8',
    env: { ...quietEnv(root, true), CI: '1' },
  })
  if (result.status !== 0) return null
  try {
    return JSON.parse(result.stdout.slice(result.stdout.search(/[[{]/)))
  } catch {
    return null
  }
}

const config = unstable_readConfig({ config: 'wrangler.toml', env }, {
  hideWarnings: true,
} as never)
const problems = configProblems(env, config as unknown as DeployConfig)
const flag = ['--env', env]
const secrets = ask(['secret', 'list', ...flag, '--format', 'json'])
if (secrets === null) {
  problems.push({
    what: 'Cloudflare could not be asked (not logged in, or no network): secrets and resources not checked',
    fix: 'npx wrangler login (or set CLOUDFLARE_API_TOKEN), then run this again',
    warning: dryRun,
  })
} else {
  const account: AccountState = {
    secrets: secrets.map((s: { name: string }) => s.name),
    databases: (ask(['d1', 'list', '--json']) ?? []).map((d: { uuid: string }) => d.uuid),
    namespaces: (ask(['kv', 'namespace', 'list']) ?? []).map((n: { id: string }) => n.id),
    buckets: (ask(['r2', 'bucket', 'list', '--json']) ?? []).map((b: { name: string }) => b.name),
    queues: (ask(['queues', 'list', '--json']) ?? []).map(
      (q: { queue_name: string }) => q.queue_name
    ),
  }
  problems.push(...accountProblems(env, config as unknown as DeployConfig, account))
}

const blocking = problems.filter((p) => !p.warning)
for (const p of problems)
  console.log(`${p.warning ? 'warning' : 'to fix '}: ${p.what}\n         ${p.fix}`)
console.log(
  problems.length
    ? `${blocking.length} to fix, ${problems.length - blocking.length} warnings.`
    : 'Configuration complete.'
)

copyDocsAssets(root)
if (dryRun) {
  run(['deploy', '--dry-run', ...flag, '--outdir', `${root}/.wrangler/dry-run-${env}`])
  console.log(
    blocking.length
      ? 'Dry run: the build works; fix the above before deploying.'
      : 'Dry run: ready to deploy.'
  )
  process.exit(0)
}
if (blocking.length) {
  console.error(
    'Not deployed: fix the above first (npm run deploy -- --env %s --dry-run checks again).',
    env
  )
  process.exit(1)
}
run(['d1', 'migrations', 'apply', 'DB', '--remote', ...flag])
backfill()
run(['deploy', ...flag])
