import type { Hook } from '@hono/zod-openapi'
import type { z } from '@hono/zod-openapi'
import type { AppEnv } from '../env'
import { Problem, type FieldError } from './problem'

/** Zod issues as `{ path, message }`, one per field; unknown keys are named one by one. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        message: 'unknown field',
      }))
    return [{ path: path || '(body)', message: issue.message }]
  })
}

/**
 * The OpenAPI app's validation hook: a request that does not meet its contract becomes a
 * problem naming each field and the reason (422 for bodies, 400 for query, path and headers).
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return
  const errors = fieldErrors(result.error as z.ZodError)
  const status = result.target === 'json' ? 422 : 400
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ')
  throw new Problem(status, 'invalid-request', summary, errors)
}
