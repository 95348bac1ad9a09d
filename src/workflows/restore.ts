import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers'
import { NonRetryableError } from 'cloudflare:workflows'
import type { Manifest } from '../jobs/backup'
import {
  assertEmpty,
  backupRows,
  insertPart,
  linkPart,
  readManifest,
  SELF_REFERENCES,
  verifyAuditFrom,
  verifyCounts,
} from '../jobs/restore'
import { auditKeys } from '../lib/audit-keys'
import { JOB_NAMES } from '../notify/alert'
import { toldOnFailure } from './told'

/** Parts a step loads at most (5,000 rows each). */
const PARTS_PER_STEP = 10
/** Audit slices (5,000 entries) a step verifies at most. */
export const AUDIT_SLICES_PER_STEP = 20
const RETRIES = { retries: { limit: 5, delay: '10 seconds', backoff: 'exponential' } } as const

/** The database a restore writes: an empty, migrated D1 bound as RESTORE_DB (README, Operations). */
export const restoreTarget = (env: Env) => {
  const db = (env as Env & { RESTORE_DB?: D1Database }).RESTORE_DB
  if (!db)
    throw new Error(
      'no RESTORE_DB binding: create an empty D1, apply the migrations to it, bind it as RESTORE_DB and deploy'
    )
  return db
}

/** A manifest's parts, a step's worth at a time. */
export function slices(manifest: Manifest) {
  const parts = Object.values(manifest.tables).flatMap((t) => t.parts)
  const out: (typeof parts)[] = []
  for (let i = 0; i < parts.length; i += PARTS_PER_STEP)
    out.push(parts.slice(i, i + PARTS_PER_STEP))
  return out
}

/** A manifest holding only some parts: what backupRows reads for one step. */
const only = (manifest: Manifest, keys: Set<string>): Manifest => ({
  ...manifest,
  tables: Object.fromEntries(
    Object.entries(manifest.tables).map(([t, e]) => [
      t,
      { ...e, parts: e.parts.filter((p) => keys.has(p.key)) },
    ])
  ),
})

type Part = Manifest['tables'][string]['parts'][number]

/** The rows of some parts of a backup, each part checked (hash, count) as it is read. */
const rowsOf = (env: Env, manifest: Manifest, group: Part[]) =>
  backupRows(env.BACKUPS, only(manifest, new Set(group.map((p) => p.key))))

/** One load step: these parts' rows into RESTORE_DB, self references neutral (pass one). */
export async function loadParts(env: Env, manifest: Manifest, group: Part[]) {
  const db = restoreTarget(env)
  let rows = 0
  for await (const part of rowsOf(env, manifest, group)) {
    for (const statement of insertPart(db, part.table, part.rows)) await statement.run()
    rows += part.rows.length
  }
  return rows
}

/** The parts of a group whose table refers to itself: the ones pass two visits. */
export const selfReferencing = (prefix: string, group: Part[]) =>
  group.filter((p) => Object.keys(SELF_REFERENCES).some((t) => p.key.startsWith(`${prefix}${t}/`)))

/** One link step: these parts' self references set (pass two). */
export async function linkParts(env: Env, manifest: Manifest, group: Part[]) {
  const db = restoreTarget(env)
  for await (const part of rowsOf(env, manifest, group))
    for (const statement of linkPart(db, part.table, part.rows)) await statement.run()
  return group.length
}

/**
 * A backup put back into an empty D1 as a Cloudflare Workflow, in durable steps within one
 * invocation's limits: the manifest's signature; every part's hash and row count (a damaged backup
 * writes nothing); the rows, a few parts a step, in bounded memory (pass one: self references
 * neutral), then the self references (pass two); then the counts, and the audit chain slice by
 * slice up to the head the backup recorded. Answers the counts.
 */
export class RestoreWorkflow extends WorkflowEntrypoint<Env, { prefix: string }> {
  async run(event: WorkflowEvent<{ prefix: string }>, step: WorkflowStep) {
    return toldOnFailure(this.env, step, JOB_NAMES.restore, event.timestamp, () =>
      this.restore(event.payload.prefix, step)
    )
  }

  private async restore(prefix: string, step: WorkflowStep) {
    const env = this.env
    const keys = async () => (await auditKeys(env)).keys
    const manifest = await step.do('read the manifest', RETRIES, async () =>
      readManifest(env.BACKUPS, prefix, await keys())
    )
    const groups = slices(manifest)
    for (const [i, group] of groups.entries())
      await step.do(`check ${i}`, RETRIES, async () => {
        for await (const _ of rowsOf(env, manifest, group));
        return group.length
      })
    // A database that is not empty will not empty itself: no retries.
    await step.do('target is empty', async () => {
      try {
        await assertEmpty(restoreTarget(env))
      } catch (error) {
        throw new NonRetryableError((error as Error).message)
      }
    })
    for (const [i, group] of groups.entries())
      await step.do(`load ${i}`, RETRIES, () => loadParts(env, manifest, group))
    for (const [i, group] of groups.entries()) {
      const own = selfReferencing(prefix, group)
      if (own.length) await step.do(`link ${i}`, RETRIES, () => linkParts(env, manifest, own))
    }
    const counts = await step.do('counts', async () => verifyCounts(restoreTarget(env), manifest))
    let from: number | null = 1
    while (from !== null) {
      const at: number = from
      from = await step.do(`audit from ${at}`, async () =>
        verifyAuditFrom(restoreTarget(env), manifest, await keys(), at, AUDIT_SLICES_PER_STEP)
      )
    }
    return { prefix, counts, auditChain: 'verified' as const }
  }
}
