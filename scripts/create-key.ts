// Creates an API key directly in D1, for the first admin of a new deployment (before any key
// exists, nobody can call POST /api/v1/keys). The key is printed once; D1 keeps only its hash.
//
//   npm run create-key -- --name "Trung tâm CNTT" --role admin --remote
//   npm run create-key -- --name "Văn thư Sở Y tế" --role officer --agency agc_… --local
import { parseArgs } from 'node:util'
import { newId } from '../src/lib/ids'
import { randomToken, sha256Hex } from '../src/lib/secrets'
import { wrangler } from './wrangler'

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    role: { type: 'string', default: 'admin' },
    agency: { type: 'string' },
    remote: { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
    env: { type: 'string' },
  },
})
if (
  !values.name ||
  !['admin', 'officer', 'auditor'].includes(values.role!) ||
  (values.role === 'officer') !== !!values.agency ||
  values.remote === values.local
) {
  console.error(
    'usage: npm run create-key -- --name NAME --role admin|officer|auditor [--agency AGENCY_ID] (--remote | --local) [--env production]'
  )
  process.exit(2)
}
const secret = randomToken('crk')
const id = newId('key')
const sql = (v: string | null) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`)
const now = new Date().toISOString()
const command = `INSERT INTO api_keys (id, name, role, agency_id, prefix, hash, created_at, created_by) VALUES (${[id, values.name, values.role!, values.agency ?? null, secret.slice(0, 10), await sha256Hex(secret), now, 'create-key script'].map(sql).join(', ')})`
wrangler(process.cwd(), [
  'd1',
  'execute',
  'DB',
  values.remote ? '--remote' : '--local',
  ...(values.env ? ['--env', values.env] : []),
  '--command',
  command,
])
console.log(
  `Created ${values.role} key ${id} (${values.name}). Keep it now; it is not shown again:\n\n  ${secret}\n`
)
