import { spawn, spawnSync, type SpawnOptions } from 'node:child_process'
import { join } from 'node:path'

/**
 * Wrangler quiet: no telemetry, no Request.cf lookup. Local commands keep wrangler's own files in
 * the project (.xdg); a command that talks to Cloudflare (`--remote`, deploy) keeps the caller's
 * configuration, so their `wrangler login` (or CLOUDFLARE_API_TOKEN) is what it uses.
 */
export const quietEnv = (root: string, remote = false): NodeJS.ProcessEnv => ({
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  ...(remote ? {} : { XDG_CONFIG_HOME: join(root, '.xdg') }),
})

const talksToCloudflare = (args: string[]) =>
  args.includes('--remote') ||
  ['deploy', 'secret', 'whoami', 'queues', 'workflows'].includes(args[0]) ||
  (args[0] === 'r2' && args.includes('--remote')) ||
  (args[0] === 'd1' && args[1] === 'list')

const bin = (root: string) => join(root, 'node_modules/.bin/wrangler')

/** Runs a wrangler command to completion; throws with its output when it fails. */
export function wrangler(root: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
  const run = spawnSync(bin(root), args, {
    cwd: root,
    env: { ...quietEnv(root, talksToCloudflare(args)), ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (run.status !== 0)
    throw new Error(`wrangler ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`)
  return run.stdout
}

/** Starts a long-running wrangler command (dev). */
export const wranglerProcess = (root: string, args: string[], options: SpawnOptions = {}) =>
  spawn(bin(root), args, { cwd: root, env: quietEnv(root), stdio: 'inherit', ...options })
