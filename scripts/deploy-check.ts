// What must be true before `npm run deploy -- --env <env>` may deploy: the configuration checked
// offline (placeholder ids, the e-mail sender, the department's address, Access), and what only
// Cloudflare can say (the secrets set, the resources created). Each problem says how to fix it.

/** The part of wrangler's resolved configuration the checks read. */
export interface DeployConfig {
  name?: string
  vars: Record<string, unknown>
  d1_databases: { binding: string; database_name?: string; database_id?: string }[]
  kv_namespaces: { binding: string; id?: string }[]
  r2_buckets: { binding: string; bucket_name?: string }[]
  queues: {
    producers?: { queue: string }[]
    consumers?: { queue: string; dead_letter_queue?: string }[]
  }
  send_email: { name: string }[]
}

/** What Cloudflare says of the account (null: not asked, e.g. no credentials in a dry run). */
export interface AccountState {
  secrets: string[]
  databases: string[]
  namespaces: string[]
  buckets: string[]
  queues: string[]
}

export interface Problem {
  what: string
  fix: string
  /** A warning does not stop a deploy. */
  warning?: boolean
}

/** The ids wrangler.toml ships with: zeros (and dashes), a last digit to tell them apart. */
const placeholder = (id: string | undefined) => !id || /^[0-]+\d?$/.test(id)

const text = (v: unknown) => (typeof v === 'string' ? v : '')

/** The problems of the configuration of `env` (staging or production), offline. */
export function configProblems(env: string, c: DeployConfig): Problem[] {
  const problems: Problem[] = []
  const flag = `--env ${env}`
  for (const d of c.d1_databases)
    if (placeholder(d.database_id))
      problems.push({
        what: `D1 ${d.binding}: database_id is a placeholder`,
        fix: `npx wrangler d1 create ${d.database_name ?? 'cert-registry'} — put the id it prints into [env.${env}] d1_databases`,
      })
  for (const k of c.kv_namespaces)
    if (placeholder(k.id))
      problems.push({
        what: `KV ${k.binding}: id is a placeholder`,
        fix: `npx wrangler kv namespace create ${k.binding} ${flag} — put the id it prints into [env.${env}] kv_namespaces`,
      })
  if (text(c.vars.ENVIRONMENT) !== env)
    problems.push({
      what: `ENVIRONMENT is "${text(c.vars.ENVIRONMENT)}", not "${env}"`,
      fix: `set ENVIRONMENT = "${env}" in [env.${env}] vars`,
    })
  const from = text(c.vars.EMAIL_FROM)
  if (!from || /example\./i.test(from))
    problems.push({
      what: `EMAIL_FROM is "${from}": digests and alerts would not be sent`,
      fix: 'set EMAIL_FROM to an address on the department’s domain, onboarded to Cloudflare Email Service (or Email Routing, whose destinations must be verified); README, Deploying, E-mail',
    })
  if (!c.send_email.length)
    problems.push({
      what: 'no send_email binding',
      fix: `add send_email = [{ name = "EMAIL" }] to [env.${env}]`,
    })
  if (!text(c.vars.DEPARTMENT_EMAIL))
    problems.push({
      what: 'DEPARTMENT_EMAIL is empty: alerts and the escalation digest go nowhere',
      fix: `set DEPARTMENT_EMAIL in [env.${env}] vars (comma-separated addresses)`,
      warning: env !== 'production',
    })
  if (!text(c.vars.PUBLIC_URL))
    problems.push({
      what: 'PUBLIC_URL is empty: digests carry no links to the console',
      fix: `set PUBLIC_URL (https://…) in [env.${env}] vars`,
      warning: true,
    })
  if (!text(c.vars.ACCESS_TEAM_DOMAIN) !== !text(c.vars.ACCESS_AUD))
    problems.push({
      what: 'ACCESS_TEAM_DOMAIN and ACCESS_AUD must be set together',
      fix: 'copy both from the Access application that protects /console (README, Deploying, Access)',
    })
  return problems
}

/** The problems Cloudflare's answers show: secrets not set, resources not created. */
export function accountProblems(env: string, c: DeployConfig, a: AccountState): Problem[] {
  const problems: Problem[] = []
  const flag = `--env ${env}`
  for (const secret of ['AUDIT_KEY', 'WEBHOOK_SIGNING_KEY'])
    if (!a.secrets.includes(secret))
      problems.push({
        what: `secret ${secret} is not set`,
        fix: `npx wrangler secret put ${secret} ${flag} (a long random string; keep a copy of AUDIT_KEY offline)`,
      })
  if (env === 'production' && a.secrets.includes('ADMIN_TOKEN'))
    problems.push({
      what: 'secret ADMIN_TOKEN is set in production (it is refused there, and should not exist)',
      fix: `npx wrangler secret delete ADMIN_TOKEN ${flag}`,
    })
  for (const d of c.d1_databases)
    if (d.database_id && !placeholder(d.database_id) && !a.databases.includes(d.database_id))
      problems.push({
        what: `D1 database ${d.database_id} does not exist in this account`,
        fix: `npx wrangler d1 create ${d.database_name ?? 'cert-registry'}`,
      })
  for (const k of c.kv_namespaces)
    if (k.id && !placeholder(k.id) && !a.namespaces.includes(k.id))
      problems.push({
        what: `KV namespace ${k.id} does not exist in this account`,
        fix: `npx wrangler kv namespace create ${k.binding} ${flag}`,
      })
  for (const b of c.r2_buckets)
    if (b.bucket_name && !a.buckets.includes(b.bucket_name))
      problems.push({
        what: `R2 bucket ${b.bucket_name} does not exist`,
        fix: `npx wrangler r2 bucket create ${b.bucket_name}`,
      })
  const queues = new Set([
    ...(c.queues.producers ?? []).map((q) => q.queue),
    ...(c.queues.consumers ?? []).flatMap((q) => [q.queue, q.dead_letter_queue ?? q.queue]),
  ])
  for (const q of queues)
    if (!a.queues.includes(q))
      problems.push({ what: `queue ${q} does not exist`, fix: `npx wrangler queues create ${q}` })
  return problems
}
