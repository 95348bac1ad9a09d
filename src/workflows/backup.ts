import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers'
import {
  backupParts,
  beginBackup,
  finishBackup,
  FIRST,
  type BackupCursor,
  type Manifest,
} from '../jobs/backup'
import { JOB_NAMES } from '../notify/alert'
import { toldOnFailure } from './told'

/** Parts a step writes at most: a step's reads, writes and answer stay well within one invocation. */
export const PARTS_PER_STEP = 20
/** A registry that keeps changing while it is read is read again, this many times at most. */
const ATTEMPTS = 3

/** What a step's retries look like: a few, spaced, then the workflow fails (and someone is told). */
const RETRIES = { retries: { limit: 5, delay: '10 seconds', backoff: 'exponential' } } as const

/**
 * The nightly backup as a Cloudflare Workflow: durable steps, each within one invocation's
 * limits and retried on failure, so a national registry's backup finishes whatever its size. It
 * opens one state (the primary's bookmark, the data version and the audit head), writes the parts
 * a few at a time, and closes with the signed manifest when the registry still stands where it
 * stood (else it reads it again).
 */
export class BackupWorkflow extends WorkflowEntrypoint<Env, { at: string }> {
  async run(event: WorkflowEvent<{ at: string }>, step: WorkflowStep) {
    const at = new Date(event.payload.at)
    return toldOnFailure(this.env, step, JOB_NAMES.backup, at, () => this.backup(at, step))
  }

  private async backup(at: Date, step: WorkflowStep) {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const start = await step.do(`begin ${attempt}`, RETRIES, () => beginBackup(this.env, at))
      const parts: Awaited<ReturnType<typeof backupParts>>['parts'] = []
      let cursor: BackupCursor | null = FIRST
      for (let n = 0; cursor; n++) {
        const from: BackupCursor = cursor
        const done = await step.do(`parts ${attempt}.${n}`, RETRIES, () =>
          backupParts(this.env, start, from, PARTS_PER_STEP)
        )
        parts.push(...done.parts)
        cursor = done.next
      }
      const manifest = await step.do(`finish ${attempt}`, RETRIES, async () => {
        const written = await finishBackup(this.env, start, parts)
        return written && summary(written)
      })
      if (manifest) return manifest
    }
    throw new Error(`the registry kept changing during ${ATTEMPTS} backup attempts`)
  }
}

/** What the workflow answers: the prefix and the rows per table (not every part's hash). */
const summary = (m: Manifest & { prefix: string }) => ({
  prefix: m.prefix,
  createdAt: m.createdAt,
  rows: Object.fromEntries(Object.entries(m.tables).map(([t, e]) => [t, e.rows])),
})
