import type { WorkflowStep } from 'cloudflare:workers'
import { closeAlert, jobFailed, raiseAlert, type Job } from '../notify/alert'

/**
 * Runs a workflow's body; when it fails for good (its steps' retries spent), the department is
 * told once (an incident, as a failed cron job opens), and when it succeeds an open incident of
 * the same job closes. Both in steps of their own, so a replay does not repeat them.
 */
export async function toldOnFailure<T>(
  env: Env,
  step: WorkflowStep,
  job: Job,
  at: Date,
  body: () => Promise<T>
): Promise<T> {
  try {
    const result = await body()
    await step.do('close any incident', async () => {
      await closeAlert(env.DB, job[0], new Date()).run()
      return true
    })
    return result
  } catch (error) {
    const why = String((error as Error)?.message ?? error).slice(0, 500)
    await step.do('tell the department', async () =>
      raiseAlert(env, jobFailed(job, at, why), new Date())
    )
    throw error
  }
}
