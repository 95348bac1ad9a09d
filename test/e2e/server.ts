import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '../..')

/** A free TCP port on loopback. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

export interface RunningRegistry {
  url: string
  adminToken: string
  /** Where its local D1, R2 and queues keep their state. */
  state: string
  /** What npm start printed before the registry answered. */
  said: string
  stop: () => Promise<void>
}

/**
 * Starts the registry exactly as `npm start` does (migrations, demo seed, wrangler dev), but on a
 * free port and with its local D1 in a fresh temporary folder, and waits until /health answers.
 */
export async function startRegistry(): Promise<RunningRegistry> {
  const port = await freePort()
  const state = mkdtempSync(join(tmpdir(), 'registry-e2e-'))
  const child: ChildProcess = spawn(join(root, 'node_modules/.bin/tsx'), ['scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), PERSIST_TO: state, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`)
    if (Date.now() > deadline) throw new Error(`the registry did not start in time:\n${output}`)
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false
    )
    if (ok) break
    await new Promise((r) => setTimeout(r, 500))
  }
  const adminToken = /^ADMIN_TOKEN=["']?([^"'\n]+)/m.exec(
    readFileSync(join(root, '.dev.vars'), 'utf8')
  )![1]
  return {
    url,
    adminToken,
    state,
    said: output,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 500))
      rmSync(state, { recursive: true, force: true })
    },
  }
}
