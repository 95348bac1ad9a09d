// npm run backfill -- (--local [--persist-to DIR] | --remote --env staging|production) [name…]
//
// Fills derived data that a migration leaves to chunks on a large registry (src/db/backfills.ts):
// one D1 query per chunk of 100,000 rows, each adding only what is missing, so it can be stopped
// and run again at any time. `npm run deploy` runs it after the migrations; on a registry below
// the first chunk it finds nothing to do.
import { parseArgs } from 'node:util'
import { BACKFILLS, CHUNK_ROWS } from '../src/db/backfills'
import { wrangler } from './wrangler'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    env: { type: 'string' },
    'persist-to': { type: 'string' },
  },
})
const names = positionals.length ? positionals : Object.keys(BACKFILLS)
if (values.local === values.remote || names.some((n) => !BACKFILLS[n])) {
  console.error(
    `usage: npm run backfill -- (--local [--persist-to DIR] | --remote --env ENV) [${Object.keys(BACKFILLS).join('|')}]`
  )
  process.exit(2)
}
const where = values.remote
  ? ['--remote', ...(values.env ? ['--env', values.env] : [])]
  : ['--local', ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])]
const root = process.cwd()
const query = (command: string) =>
  JSON.parse(
    wrangler(root, ['d1', 'execute', 'DB', ...where, '--json', '--command', command], { CI: '1' })
  )[0] as { results: { n: number }[]; meta: { changes: number } }

for (const name of names) {
  const fill = BACKFILLS[name]
  const extent = query(fill.extent).results[0].n
  const started = Date.now()
  for (let from = 0; from < extent; from += CHUNK_ROWS) {
    query(fill.chunk(from, from + CHUNK_ROWS))
    console.error(`${name}: ${Math.min(from + CHUNK_ROWS, extent)} of ${extent}`)
  }
  console.log(
    JSON.stringify({
      backfill: name,
      what: fill.what,
      rows: extent,
      seconds: (Date.now() - started) / 1000,
    })
  )
}
