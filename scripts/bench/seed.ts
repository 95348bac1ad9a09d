// npm run bench:seed: a local D1 filled with the national dataset of ./national.ts.
//
//   npm run bench:seed                                  1,000,000 certificates into scripts/bench/.data/1000000
//   npm run bench:seed -- --size 50000 --dir /tmp/d1 --fresh
//
// Migrations by wrangler, then the dataset (fixed random seed: the same rows every time) through
// D1 batches of 50 statements, each within D1's 100-parameter and 100 KB limits, then ANALYZE.
// A directory seeded before is kept unless --fresh; `npm run bench` seeds through this too.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { migrateLocal } from '../local-db'
import { lifecycleStatements, nationalStatements, scaled } from './national'
import { bundle, server } from './server'

export const benchData = (root: string) => join(root, 'scripts/bench/.data')

/** Seeds `dir` with `size` certificates (and holders, devices, agencies in proportion). */
export async function seedNational(
  root: string,
  dir: string,
  size: number,
  scriptPath: string,
  fresh = false
) {
  if (existsSync(join(dir, 'seeded')) && !fresh) return
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  migrateLocal(root, dir)
  const mf = server(scriptPath, dir)
  const db = await mf.getD1Database('DB')
  const started = Date.now()
  let batch: string[] = []
  for (const statement of nationalStatements(scaled(size), new Date())) {
    batch.push(statement)
    if (batch.length === 50) {
      await db.batch(batch.map((s) => db.prepare(s)))
      batch = []
    }
  }
  if (batch.length) await db.batch(batch.map((s) => db.prepare(s)))
  for (const statement of lifecycleStatements(scaled(size), new Date()))
    await db.prepare(statement).run()
  await db.prepare('ANALYZE').run()
  await mf.dispose()
  writeFileSync(join(dir, 'seeded'), new Date().toISOString())
  console.log(
    `seeded ${size.toLocaleString('en')} certificates in ${((Date.now() - started) / 1000).toFixed(0)} s`
  )
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.cwd()
  const { values: args } = parseArgs({
    options: {
      size: { type: 'string', default: '1000000' },
      dir: { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
  })
  const size = Number(args.size)
  if (!Number.isInteger(size) || size < 1) throw new Error('--size takes a positive whole number')
  const data = benchData(root)
  const dir = args.dir ?? join(data, String(size))
  await seedNational(root, dir, size, await bundle(data), args.fresh)
  console.log(`local D1 in ${dir} (wrangler --persist-to ${dir})`)
}
