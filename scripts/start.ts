// npm start: the registry locally with a demo province, on http://127.0.0.1:8787 (PORT overrides;
// PERSIST_TO keeps the local D1 somewhere else than .wrangler/state, as the end-to-end tests do).
import { copyFileSync, existsSync } from 'node:fs'
import { copyDocsAssets } from './assets'
import { migrateLocal, seedIfEmpty } from './local-db'
import { wranglerProcess } from './wrangler'

const root = process.cwd()
const port = process.env.PORT ?? '8787'
const persistTo = process.env.PERSIST_TO

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars')
  console.log('Created .dev.vars from .dev.vars.example (ADMIN_TOKEN for local use).')
}
copyDocsAssets(root)
console.log('Applying migrations to the local D1…')
migrateLocal(root, persistTo)
if (await seedIfEmpty(root, new Date(), persistTo))
  console.log('Seeded the demo province (tỉnh Minh Sơn).')

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
