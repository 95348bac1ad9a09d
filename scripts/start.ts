// npm start: the registry locally with a demo province, on http://127.0.0.1:8787 (PORT overrides;
// PERSIST_TO keeps the local D1 somewhere else than .wrangler/state, as the end-to-end tests do).
import { appendFileSync, copyFileSync, existsSync, readFileSync } from 'node:fs'
import { copyDocsAssets } from './assets'
import { migrateLocal, seedIfEmpty } from './local-db'
import { wranglerProcess } from './wrangler'

const root = process.cwd()
const port = process.env.PORT ?? '8787'
const persistTo = process.env.PERSIST_TO

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars')
  console.log('Created .dev.vars from .dev.vars.example (ADMIN_TOKEN for local use).')
} else {
  // A .dev.vars from an older checkout: add the settings it lacks (a new secret), keep the rest.
  const have = readFileSync('.dev.vars', 'utf8')
  const lacking = readFileSync('.dev.vars.example', 'utf8')
    .split('\n')
    .filter(
      (line) => /^[A-Z_]+=/.test(line) && !new RegExp(`^${line.split('=')[0]}=`, 'm').test(have)
    )
  if (lacking.length) {
    appendFileSync('.dev.vars', `\n${lacking.join('\n')}\n`)
    console.log(`Added to .dev.vars: ${lacking.map((l) => l.split('=')[0]).join(', ')}.`)
  }
}
copyDocsAssets(root)
console.log('Applying migrations to the local D1…')
migrateLocal(root, persistTo)
if (await seedIfEmpty(root, new Date(), persistTo))
  console.log('Seeded the demo province (tỉnh Minh Sơn).')
// How to get in: the local ADMIN_TOKEN (refused in production) signs in to the console.
const adminToken = /^ADMIN_TOKEN=["']?([^"'\n]+)/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1]
console.log(
  `Registry: http://127.0.0.1:${port} · console: http://127.0.0.1:${port}/console/sign-in` +
    (adminToken ? ` · local admin key (ADMIN_TOKEN in .dev.vars): ${adminToken}` : '')
)

const dev = wranglerProcess(root, [
  'dev',
  '--ip',
  '127.0.0.1',
  '--port',
  port,
  '--show-interactive-dev-session=false',
  ...(persistTo ? ['--persist-to', persistTo] : []),
])
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal))
dev.on('exit', (code) => process.exit(code ?? 0))
