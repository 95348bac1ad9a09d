import { z } from '@hono/zod-openapi'
import { canonicalDn } from '../src/lib/dn'
import { normaliseSerial } from '../src/lib/serial'

/** An id of any entity: a prefix and a ULID. */
export const Id = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z]{2,5}_[0-9A-Z]{26}$/, 'not an id of this registry')

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

/** An instant as answers carry it: ISO-8601 UTC. */
export const Time = z.string().openapi({ format: 'date-time', example: '2026-03-01T01:00:00.000Z' })

/** A serial as people type it: hex with or without separators; stored upper-case, no separators. */
export const Serial = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const serial = normaliseSerial(text)
    if (serial === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a hexadecimal serial (separators : and spaces allowed), at most 32 bytes',
      })
      return z.NEVER
    }
    return serial
  })
  .openapi({ type: 'string', example: '54:01:0A:3F:9C:22:7B:41' })

/** A SHA-256 fingerprint, hex with or without colons; stored upper-case without separators. */
export const Fingerprint = z
  .string()
  .transform((text) => text.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-F]{64}$/, 'must be a SHA-256 fingerprint: 64 hex digits'))
  .openapi({ type: 'string', example: '3F9C…' })

/** Free text of at most `max` characters, trimmed, not empty. */
export const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max)

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
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem')
