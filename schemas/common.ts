import { z } from '@hono/zod-openapi'
import { canonicalDn } from '../src/lib/dn'
import { normaliseSerial } from '../src/lib/serial'
import { vnDayBounds } from '../src/lib/time'

/** An id of any entity: a prefix and a ULID. */
export const Id = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z]{2,5}_[0-9A-Z]{26}$/, 'not-an-id')

export const IdParam = z.object({
  id: z
    .string()
    .openapi({ param: { name: 'id', in: 'path' }, example: 'crt_01JD8ZQ6XH4M3VJ3QK6N2R7T9W' }),
})

/** An instant with an offset ("2026-03-01T08:00:00+07:00"), stored as UTC ISO text. */
export const Instant = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text).toISOString())
  .openapi({ type: 'string', format: 'date-time', example: '2026-03-01T01:00:00.000Z' })

/**
 * A moment of validity: an instant with an offset, or a date (YYYY-MM-DD) that means the start
 * of that Vietnam day for a beginning and its end (23:59:59 +07:00) for an end.
 */
const validityBound = (edge: 'start' | 'end') =>
  z
    .string()
    .max(40)
    .transform((text, ctx) => {
      const day = vnDayBounds(text.trim())
      if (day) return day[edge]
      if (z.iso.datetime({ offset: true }).safeParse(text).success)
        return new Date(text).toISOString()
      ctx.addIssue({ code: 'custom', message: 'bad-instant' })
      return z.NEVER
    })
    .openapi({
      type: 'string',
      description:
        edge === 'start'
          ? 'An instant, or a date meaning the start of that day in Vietnam'
          : 'An instant, or a date meaning the end of that day in Vietnam (23:59:59 +07:00)',
      example: edge === 'start' ? '2026-03-01' : '2031-02-28',
    })

/** The start of a validity period (a date: 00:00:00 Vietnam time). */
export const ValidFrom = validityBound('start')
/** The end of a validity period (a date: 23:59:59 Vietnam time). */
export const ValidUntil = validityBound('end')

/** An instant as answers carry it: ISO-8601 UTC. */
export const Time = z.string().openapi({ format: 'date-time', example: '2026-03-01T01:00:00.000Z' })

/** A serial as people type it: hex with or without separators; stored upper-case, no separators. */
export const Serial = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const serial = normaliseSerial(text)
    if (serial === null) {
      ctx.addIssue({ code: 'custom', message: 'bad-serial' })
      return z.NEVER
    }
    return serial
  })
  .openapi({ type: 'string', example: '54:01:0A:3F:9C:22:7B:41' })

/** A SHA-256 fingerprint, hex with or without colons; stored upper-case without separators. */
export const Fingerprint = z
  .string()
  .transform((text) => text.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{64}$/, 'bad-fingerprint'))
  .openapi({ type: 'string', example: '3F9C…' })

/** Free text of at most `max` characters, trimmed, not empty. */
export const Text = (max: number) => z.string().trim().min(1, 'empty').max(max)

/** A distinguished name, stored in one canonical spelling (see canonicalDn). */
export const DistinguishedName = (max: number) => Text(max).transform(canonicalDn)

export const Email = z.email().max(254)

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: 'Opaque: the nextCursor of the previous page' }),
})

/**
 * An optional field of a multipart form: an HTML form (and Swagger UI) sends a field left empty
 * as "", which means absent.
 */
export const FormOptional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional())

/** Boolean query flags as text. */
export const Flag = z.enum(['true', 'false']).transform((v) => v === 'true')

export const Page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

export const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'One of the ProblemCode catalogue' }),
    requestId: z.string(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          field: z.string().openapi({ description: 'The field, named for people' }),
          message: z.string(),
        })
      )
      .optional(),
  })
  .openapi('Problem')
