import { spawn, spawnSync, type SpawnOptions } from 'node:child_process'
import { join } from 'node:path'

/** Wrangler quiet and offline: no telemetry, no Request.cf lookup, config kept in the project. */
export const quietEnv = (root: string): NodeJS.ProcessEnv => ({
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  XDG_CONFIG_HOME: join(root, '.xdg'),
})

const bin = (root: string) => join(root, 'node_modules/.bin/wrangler')

/** Runs a wrangler command to completion; throws with its output when it fails. */
export function wrangler(root: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
  const run = spawnSync(bin(root), args, {
    cwd: root,
    env: { ...quietEnv(root), ...extraEnv },
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
