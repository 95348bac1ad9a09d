import { z } from '@hono/zod-openapi'
import { ProblemDetails } from '../../schemas/common'

/** A JSON request body: required, so a missing or non-JSON body is refused, never read as {}. */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T, description?: string) => ({
  content: { 'application/json': { schema } },
  required: true,
  description,
})

/** A JSON response of `schema`. */
export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

const meaning: Record<number, string> = {
  400: 'Malformed request (JSON, query or cursor)',
  401: 'Not signed in',
  403: 'Not allowed for this role',
  404: 'No such record',
  409: 'Refused by a registry rule, or a duplicate',
  412: 'If-Match does not match the current version',
  413: 'Body larger than the limit',
  422: 'A field is invalid',
}

/** Problem+json responses for the given statuses. */
export function problems(...statuses: number[]) {
  const out: Record<
    number,
    {
      content: { 'application/problem+json': { schema: typeof ProblemDetails } }
      description: string
    }
  > = {}
  for (const s of statuses)
    out[s] = {
      content: { 'application/problem+json': { schema: ProblemDetails } },
      description: meaning[s] ?? 'Problem',
    }
  return out
}

/** The If-Match header, documented. */
export const IfMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({ description: 'The ETag from GET; 412 when the record changed since' }),
})

/** The Idempotency-Key header, documented. */
export const IdempotencyKey = z.object({
  'idempotency-key': z.string().max(200).optional().openapi({
    description:
      'Repeat a create safely: the same key and body answer the first result and write once',
  }),
})
