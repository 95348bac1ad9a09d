import type { Hook } from '@hono/zod-openapi'
import type { z } from '@hono/zod-openapi'
import type { AppEnv } from '../env'
import { isMessageCode, type Params } from '../lib/messages'
import { Problem, type FieldError } from '../lib/problem'

/** A zod issue as a catalogue code and its values (a schema's own message is a code already). */
function said(issue: z.core.$ZodIssue): { code: string; params?: Params } {
  if (isMessageCode(issue.message)) return { code: issue.message }
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message)
        ? { code: 'required' }
        : { code: 'wrong-type', params: { expected: issue.expected } }
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string')
        return min <= 1 ? { code: 'empty' } : { code: 'too-short', params: { min } }
      return { code: issue.origin === 'array' ? 'too-few' : 'too-small', params: { min } }
    }
    case 'too_big': {
      const max = Number(issue.maximum)
      const code =
        issue.origin === 'string' ? 'too-long' : issue.origin === 'array' ? 'too-many' : 'too-big'
      return { code, params: { max } }
    }
    case 'invalid_format':
      return {
        code:
          issue.format === 'email'
            ? 'bad-email'
            : issue.format === 'url'
              ? 'bad-url'
              : issue.format === 'datetime' || issue.format === 'date'
                ? 'bad-instant'
                : 'bad-format',
      }
    case 'invalid_value':
      return { code: 'one-of', params: { values: issue.values.map(String).join(', ') } }
    default:
      return { code: issue.message }
  }
}

/** Zod issues as field errors, one per field; unknown keys are named one by one. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        code: 'unknown-field',
      }))
    return [{ path: path || '(body)', ...said(issue) }]
  })
}

/** A request that does not meet its contract: the problem naming each field and the reason. */
export const invalidRequest = (error: z.ZodError, status: 400 | 422 = 422) =>
  new Problem(status, 'invalid-request', {}, fieldErrors(error))

/**
 * The OpenAPI app's validation hook: a request that does not meet its contract becomes a
 * problem naming each field and the reason (422 for bodies, 400 for query, path and headers).
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return
  throw invalidRequest(result.error as z.ZodError, result.target === 'json' ? 422 : 400)
}
