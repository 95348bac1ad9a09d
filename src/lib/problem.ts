import type { ContentfulStatusCode } from 'hono/utils/http-status'

export interface FieldError {
  path: string
  message: string
}

/**
 * The one error type of the registry. Anything thrown as a Problem is answered as RFC 9457
 * `application/problem+json` by the app's onError, with the request id added.
 */
export class Problem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    /** Extension members of the problem body (RFC 9457 §3.2), e.g. the issuers to choose from. */
    readonly extra?: Record<string, unknown>
  ) {
    super(detail)
    this.name = 'Problem'
  }
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict with the registry rules',
  412: 'Stale version',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Invalid content',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
}

/** The problem+json body of a Problem, as DESIGN.md shapes it. */
export function problemBody(problem: Problem, requestId: string) {
  return {
    type: `urn:cert-registry:problem:${problem.code}`,
    title: titles[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    requestId,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...problem.extra,
  }
}

/** A 404 for a record of `entity` with `id`, worded for people. */
export const notFound = (entity: string, id: string) =>
  new Problem(404, `${entity}-not-found`, `No ${entity} with id ${id}.`)

/** A 400/422 naming one field and the reason. */
export const invalidField = (path: string, message: string, status: 400 | 422 = 422) =>
  new Problem(status, 'invalid-field', `${path}: ${message}`, [{ path, message }])
