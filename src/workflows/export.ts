import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers'
import { csvLine } from '../lib/csv'
import { JOB_NAMES } from '../notify/alert'
import {
  CERTIFICATE_COLUMNS,
  certificateCsv,
  type ExportQuery,
  type Reader,
} from '../routes/exports/certificate-lines'
import { toldOnFailure } from './told'

/** Pages (1,000 rows) a step writes: one R2 object of a few MB a step. */
const PAGES_PER_STEP = 20
const RETRIES = { retries: { limit: 5, delay: '10 seconds', backoff: 'exponential' } } as const

export interface ExportParams {
  query: ExportQuery
  reader: Reader
  at: string
}

/** Where an export job's file is: its parts, in order, then done.json. */
export const exportPrefix = (id: string) => `exports/${id}/`

/** One step of an export: up to PAGES_PER_STEP pages of lines from `from` on, as one R2 object. */
export async function exportPart(
  env: Env,
  key: string,
  first: boolean,
  { query, reader, at }: ExportParams,
  from: string | undefined
) {
  const chunk = await certificateCsv(env.DB, query, reader, new Date(at), from, PAGES_PER_STEP)
  const head = first ? `\uFEFF${csvLine(CERTIFICATE_COLUMNS)}` : ''
  await env.BACKUPS.put(key, head + chunk.text, {
    httpMetadata: { contentType: 'text/csv; charset=utf-8' },
  })
  return { rows: chunk.rows, cursor: chunk.cursor }
}

/**
 * A whole-registry CSV export as a Cloudflare Workflow: the same lines as the streamed download,
 * twenty thousand rows a step, each step's lines an R2 object (exports/<id>/00000.csv…), then
 * done.json with the parts and the count. GET /jobs/{id}/file serves them as one file. Kept with
 * the backups' lifecycle in R2.
 */
export class ExportWorkflow extends WorkflowEntrypoint<Env, ExportParams> {
  async run(event: WorkflowEvent<ExportParams>, step: WorkflowStep) {
    const now = new Date(event.payload.at)
    const prefix = exportPrefix(event.instanceId)
    return toldOnFailure(this.env, step, JOB_NAMES.export, now, async () => {
      const parts: string[] = []
      let rows = 0
      let cursor: string | null | undefined
      for (let n = 0; n === 0 || cursor; n++) {
        const from = cursor ?? undefined
        const key = `${prefix}${String(n).padStart(5, '0')}.csv`
        const done = await step.do(`part ${n}`, RETRIES, () =>
          exportPart(this.env, key, n === 0, event.payload, from)
        )
        parts.push(key)
        rows += done.rows
        cursor = done.cursor
      }
      return step.do('done', async () => {
        const summary = { parts, rows, at: event.payload.at }
        await this.env.BACKUPS.put(`${prefix}done.json`, JSON.stringify(summary))
        return summary
      })
    })
  }
}
