import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { demoProvince } from './seed/demo-province'
import { provinceSql } from './seed/sql'
import { wrangler } from './wrangler'

/** Applies migrations to the local D1 (under `persistTo`, or .wrangler/state by default). */
export function migrateLocal(root: string, persistTo?: string) {
  wrangler(
    root,
    [
      'd1',
      'migrations',
      'apply',
      'DB',
      '--local',
      ...(persistTo ? ['--persist-to', persistTo] : []),
    ],
    { CI: '1' }
  )
}

/** Seeds the demo province when the local registry has no agency yet; answers whether it did. */
export async function seedIfEmpty(
  root: string,
  now = new Date(),
  persistTo?: string
): Promise<boolean> {
  const where = persistTo ? ['--persist-to', persistTo] : []
  const out = wrangler(root, [
    'd1',
    'execute',
    'DB',
    '--local',
    ...where,
    '--json',
    '--command',
    'SELECT count(*) AS n FROM agencies',
  ])
  const count = JSON.parse(out)[0].results[0].n as number
  if (count > 0) return false
  const file = join(root, '.wrangler', 'demo-province.sql')
  mkdirSync(join(root, '.wrangler'), { recursive: true })
  writeFileSync(file, await provinceSql(demoProvince(now), now.toISOString()))
  wrangler(root, ['d1', 'execute', 'DB', '--local', ...where, '--file', file])
  return true
}
